using System.Management.Automation;

namespace SportsData.PowerShell.Tests;

/// <summary>
/// Publish-SportsDataset as PowerShell sees it: binding, -WhatIf, error records. The loads themselves run against a
/// real PostgreSQL server in SportsData.Tests (Database/).
/// </summary>
public sealed class PublishSportsDatasetTests : IDisposable
{
    private readonly ModuleRunspace _shell = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sportsdata-publish-" + Guid.NewGuid().ToString("N")[..8]);

    public PublishSportsDatasetTests()
    {
        // A minimal Valor dataset: the state folder and one table.
        Directory.CreateDirectory(Path.Combine(_folder, "valor", ".sportsdata"));
        File.WriteAllText(Path.Combine(_folder, "valor", "athletes.csv"), "athlete_id,first_name,last_name,extra\r\na1,Ann,Lee,\r\n");
    }

    public void Dispose()
    {
        _shell.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private const string Closed = "Host=127.0.0.1;Port=9;Database=sports;Username=loader;Timeout=3";

    [Fact]
    public void WhatIf_names_each_dataset_schema_and_database_and_connects_to_nothing()
    {
        var result = _shell.Run($"Publish-SportsDataset -Path '{_folder}' -ConnectionString '{Closed}' -WhatIf");
        Assert.Empty(result.Errors); // the closed port was never tried
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Paths_bind_from_sync_results_and_folders()
    {
        var result = _shell.Run($"[pscustomobject]@{{ Path = '{_folder}/valor' }}, ([System.IO.DirectoryInfo]::new('{_folder}/valor')) | Publish-SportsDataset -ConnectionString '{Closed}' -WhatIf");
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void An_unreachable_server_is_a_connection_error_naming_ConnectionString_and_nothing_is_written()
    {
        ErrorRecord error = Assert.Single(_shell.Run($"Publish-SportsDataset -Path '{_folder}' -ConnectionString '{Closed}'").Errors);
        Assert.Equal("Publish.ServerUnreachable,SportsData.PowerShell.Database.PublishSportsDataset", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Contains("-ConnectionString", error.ErrorDetails.RecommendedAction);
        Assert.Contains("127.0.0.1:9", error.Exception.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "valor", ".sportsdata", "lock.owner")));
    }

    [Fact]
    public void A_folder_that_is_not_a_dataset_names_Path()
    {
        string empty = Path.Combine(_folder, "empty");
        Directory.CreateDirectory(empty);
        ErrorRecord error = Assert.Single(_shell.Run($"Publish-SportsDataset -Path '{empty}' -ConnectionString '{Closed}'").Errors);
        Assert.Equal("Publish.NotADataset,SportsData.PowerShell.Database.PublishSportsDataset", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("-Path", error.ErrorDetails.RecommendedAction);
    }
}
