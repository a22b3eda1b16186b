using System.Management.Automation;
using SportsData.Sandbox;
using SportsData.Sync;

namespace SportsData.PowerShell.Tests;

/// <summary>Sync-Valor, Sync-ManagedSession and Sync-SportsData as PowerShell binds them, against the in-process sandbox.</summary>
public sealed class VendorSyncCmdletTests : ModuleTestBase
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sd-sync-ps-" + Guid.NewGuid().ToString("N").Substring(0, 10));

    public VendorSyncCmdletTests() => Directory.CreateDirectory(_root);

    public override void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private static string SmallAthlete =>
        SandboxWorld.Shared.Valor.Data.Sessions.GroupBy(s => s.Athlete.Id).OrderBy(g => g.Count()).First().Key;

    private Dictionary<string, object?> Vars(params (string Name, object? Value)[] extra)
    {
        var variables = new Dictionary<string, object?> { ["root"] = _root, ["athlete"] = SmallAthlete };
        foreach (var (name, value) in extra) variables[name] = value;
        return variables;
    }

    [Fact]
    public void Sync_Valor_binds_athletes_from_the_pipeline_writes_the_dataset_and_a_rerun_finds_nothing_new()
    {
        var result = Run("""
            Connect-Valor -Sandbox
            $athlete = Get-ValorAthlete | Where-Object AthleteId -eq $athlete
            $athlete | Sync-Valor -Path "$root/valor" -IncludeIKData -Format CsvGzip
            Sync-Valor "$root/valor" -AthleteId $athlete.AthleteId -IncludeIKData -Format CsvGzip
            """, Vars());

        Assert.Empty(result.Errors);
        var results = Objects<ValorSyncResult>(result);
        Assert.Equal(2, results.Count);
        int sessions = SandboxWorld.Shared.Valor.Data.Sessions.Count(s => s.Athlete.Id == SmallAthlete);
        Assert.Equal(sessions, results[0].New);
        Assert.Equal(0, results[1].New);
        Assert.Equal(sessions, results[1].Unchanged);
        Assert.Equal(Path.Combine(_root, "valor"), results[0].Path);
        Assert.Equal(sessions, Directory.GetFiles(Path.Combine(_root, "valor", "ik", SmallAthlete), "*.csv.gz").Length);
        Assert.True(File.Exists(Path.Combine(_root, "valor", "sessions.csv")));
    }

    [Fact]
    public void WhatIf_writes_nothing_and_returns_a_preview_result()
    {
        var result = Run("""
            Connect-PolarTeamPro -Sandbox
            Connect-Valor -Sandbox
            Connect-Aikynetix -Sandbox
            Sync-Valor -Path "$root/v" -AthleteId $athlete -WhatIf
            Sync-ManagedSession -Path "$root/a" -IncludeVideos -WhatIf
            Sync-SportsData -Path "$root/all" -WhatIf
            """, Vars());

        Assert.Empty(result.Errors);
        var previews = Objects<SyncResult>(result);
        Assert.Equal(5, previews.Count); // Valor, AiKYNETIX, then Polar, Valor, AiKYNETIX under Sync-SportsData
        Assert.Equal(new[] { "Valor", "Aikynetix", "Polar", "Valor", "Aikynetix" }, previews.Select(p => p.Vendor));
        Assert.IsType<PolarSyncResult>(previews[2]);
        Assert.True(previews[2].New > 0);
        Assert.All(previews, p => Assert.True(p.WhatIf));
        Assert.True(previews[0].New > 0);
        Assert.True(previews[1].New > 0);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void Sync_SportsData_syncs_each_connected_vendor_into_its_folder_and_goes_on_when_one_fails()
    {
        File.WriteAllText(Path.Combine(_root, "aikynetix"), "a file where the AiKYNETIX folder should be");
        var result = Run("""
            $valor = Connect-Valor -Sandbox -PassThru
            $aik = Connect-Aikynetix -Sandbox -PassThru
            Sync-SportsData -Path $root -Connection $aik, $valor
            """, Vars());

        var results = Objects<SyncResult>(result);
        var valor = Assert.IsType<ValorSyncResult>(Assert.Single(results));
        Assert.Equal(Path.Combine(_root, "valor"), valor.Path);
        Assert.True(valor.New > 0);
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("InvalidParameter.Path", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("-Path", error.Exception.Message);
        Assert.Equal("AiKYNETIX", error.TargetObject);

        var piped = Run("$aik, $valor | Sync-SportsData -Path \"$root/piped\" -WhatIf", Vars());
        Assert.Empty(piped.Errors);
        Assert.Equal(new[] { "Valor", "Aikynetix" }, Objects<SyncResult>(piped).Select(r => r.Vendor)); // connections bind from the pipeline

        File.Delete(Path.Combine(_root, "aikynetix"));
        var again = Run("Sync-SportsData -Path $root", Vars());
        Assert.Empty(again.Errors);
        var both = Objects<SyncResult>(again);
        Assert.Equal(new[] { "Valor", "Aikynetix" }, both.Select(r => r.Vendor));
        Assert.Equal(0, both[0].New);
        Assert.True(both[1].New > 0);
        Assert.True(File.Exists(Path.Combine(_root, "aikynetix", "sessions.csv")));
    }

    [Fact]
    public void Sync_SportsData_publishes_each_vendor_after_its_sync_and_a_publish_failure_does_not_stop_the_next_vendor()
    {
        // No database here (the loads are tested against a real PostgreSQL in SportsData.Tests): a closed port shows
        // that each vendor's dataset is published right after its own sync, and a failed publish is that vendor's error.
        var result = Run("""
            $valor = Connect-Valor -Sandbox -PassThru
            $aik = Connect-Aikynetix -Sandbox -PassThru
            $secret = [securestring]::new(); 'Db-Secret-4412'.ToCharArray() | ForEach-Object { $secret.AppendChar($_) }
            $db = [pscredential]::new('loader', $secret)
            Sync-SportsData -Path $root -Connection $aik, $valor -PublishConnectionString 'Host=127.0.0.1;Port=9;Database=sports;Timeout=3' -PublishCredential $db
            """, Vars());
        Assert.Equal(new[] { "Valor", "Aikynetix" }, Objects<SyncResult>(result).Select(r => r.Vendor)); // both synced
        Assert.True(2 == result.Errors.Count, string.Join("\n", result.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
        Assert.All(result.Errors, e => Assert.Equal("Publish.ServerUnreachable", e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.All(result.Errors, e => Assert.Equal("127.0.0.1:9/sports", e.TargetObject));
        Assert.All(result.Errors, e => Assert.DoesNotContain("Db-Secret-4412", e.Exception.ToString()));
        Assert.All(result.Errors, e => Assert.Contains("-PublishConnectionString", e.ErrorDetails.RecommendedAction));
        // Two connections ran at once: each error's shown message names its connection, as its verbose lines do.
        Assert.Equal(new[] { "[AiKYNETIX] ", "[Valor] " }, result.Errors.Select(e => e.ErrorDetails.Message.Substring(0, e.ErrorDetails.Message.IndexOf(']') + 2)).OrderBy(p => p, StringComparer.Ordinal));
        Assert.All(result.Errors, e => Assert.Equal(e.ErrorDetails.Message, e.ErrorDetails.Message.Substring(0, e.ErrorDetails.Message.IndexOf(']') + 2) + e.Exception.Message));

        ErrorRecord alone = Assert.Single(Run("Sync-SportsData -Path $root -PublishCredential $db", Vars()).Errors);
        Assert.Equal("InvalidParameter.PublishCredential", alone.FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void Sync_SportsData_takes_named_connections_of_one_vendor_each_into_its_own_folder_and_passes_the_Polar_options()
    {
        var result = Run("""
            $men = Connect-PolarTeamPro -Sandbox -Name men -PassThru
            $women = Connect-PolarTeamPro -Sandbox -Name women -PassThru
            Connect-Valor -Sandbox
            Connect-Aikynetix -Sandbox
            $previews = Sync-SportsData -Path "$root/all" -WhatIf -Since ([datetime]::Now.AddDays(-3)) -SampleType None -IncludeIndividualSessions -ThrottleLimit 2
            $unnamed = Connect-PolarTeamPro -Sandbox -PassThru
            [pscustomobject]@{
                Previews = $previews
                MenOpen = -not $men.IsDisconnected
                Names = "$($men.Name),$($women.Name)"
                ClientIds = "$($men.ClientId),$($women.ClientId),$($unnamed.ClientId)"
                Parameters = (Get-Command Sync-SportsData).Parameters.Keys -join ','
            }
            """, Vars());

        Assert.Empty(result.Errors);
        dynamic info = result.Output.Single();
        var previews = ((object[])info.Previews).Select(o => (SyncResult)((PSObject)o).BaseObject).ToList();
        Assert.Equal(new[] { "Polar", "Polar", "Valor", "Aikynetix" }, previews.Select(p => p.Vendor));
        Assert.Equal(new[] { "men", "women", null, null }, previews.Select(p => p.Account));
        Assert.Equal(new[] { "polar-men", "polar-women", "valor", "aikynetix" }, previews.Select(p => Path.GetFileName(p.Path)));
        Assert.True((bool)info.MenOpen); // a second named connection keeps the first open
        Assert.Equal("men,women", (string)info.Names);
        // Each named sandbox account signs in with a demo client of its own (its own rate limit); the unnamed one keeps the demo client.
        Assert.Equal("sportsdata-sandbox-men,sportsdata-sandbox-women,sportsdata-sandbox", (string)info.ClientIds);
        foreach (string name in new[] { "Since", "Lookback", "SampleType", "IncludeIndividualSessions", "IncludeIKData", "ThrottleLimit", "Format", "IncludeRRIntervals", "IncludeVideos", "RecheckMissingReports" })
        {
            Assert.Contains(name, ((string)info.Parameters).Split(','));
        }
        Assert.False(Directory.Exists(Path.Combine(_root, "all")));

        ErrorRecord badName = Assert.Single(Run("Connect-Valor -Sandbox -Name 'a/b'").Errors);
        Assert.Contains("Name", badName.Exception.Message);
    }

    [Fact]
    public void Get_SportsDataSyncHistory_lists_the_runs_under_a_root_newest_first_and_binds_results_from_the_pipeline()
    {
        var result = Run("""
            Connect-Valor -Sandbox
            Connect-Aikynetix -Sandbox
            $null = Sync-Valor -Path "$root/valor" -AthleteId $athlete
            $null = Sync-ManagedSession -Path "$root/aikynetix"
            $all = Get-SportsDataSyncHistory -Path $root
            $newest = Sync-Valor -Path "$root/valor" -AthleteId $athlete | Get-SportsDataSyncHistory -Last 1
            [pscustomobject]@{
                All = $all
                Newest = $newest
                Output = (Get-Command Get-SportsDataSyncHistory).OutputType.Name -join ','
            }
            Get-SportsDataSyncHistory -Path "$root/nothing-here"
            Get-SportsDataSyncHistory -Path $root -Last 0
            """, Vars());

        dynamic info = result.Output.Single();
        var all = ((object[])info.All).Select(o => (SyncRunRecord)((PSObject)o).BaseObject).ToList();
        Assert.Equal(new[] { "Aikynetix", "Valor" }, all.Select(r => r.Vendor));
        Assert.All(all, r => Assert.Equal(SyncRunOutcome.Completed, r.Outcome));
        Assert.Equal(Path.Combine(_root, "valor"), all[1].Path);
        Assert.True(all[1].New > 0);
        var newest = (SyncRunRecord)((PSObject)info.Newest).BaseObject;
        Assert.Equal("Valor", newest.Vendor);
        Assert.Equal(0, newest.New);
        Assert.True(newest.StartTime > all[0].StartTime);
        Assert.Equal("SportsData.Sync.SyncRunRecord", (string)info.Output);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("InvalidParameter.Path", result.Errors[0].FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("does not exist", result.Errors[0].Exception.Message);
        Assert.Equal("ParameterArgumentValidationError", result.Errors[1].FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("Last", result.Errors[1].Exception.Message);
    }

    [Fact]
    public void Bad_paths_and_a_missing_connection_are_clear_errors()
    {
        string file = Path.Combine(_root, "a-file.txt");
        File.WriteAllText(file, "x");

        ErrorRecord notConnected = Assert.Single(Run("Sync-SportsData -Path $root", Vars()).Errors);
        Assert.Equal("SportsData.NotConnected", notConnected.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("Connect-", notConnected.Exception.Message);

        ErrorRecord onFile = Assert.Single(Run("Connect-Aikynetix -Sandbox; Sync-ManagedSession -Path $file", Vars(("file", file))).Errors);
        Assert.Equal("InvalidParameter.Path", onFile.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("-Path", onFile.Exception.Message);
        Assert.Equal("x", File.ReadAllText(file));

        ErrorRecord onVariableDrive = Assert.Single(Run("Connect-Valor -Sandbox; Sync-Valor -Path Variable:\\nowhere").Errors);
        Assert.Equal("InvalidParameter.Path", onVariableDrive.FullyQualifiedErrorId.Split(',')[0]);

        ErrorRecord parquet = Assert.Single(Run("Sync-Valor -Path ('{0}/p' -f $root) -Format Parquet", Vars()).Errors);
        Assert.Equal("InvalidParameter.Format", parquet.FullyQualifiedErrorId.Split(',')[0]);
        Assert.False(Directory.Exists(Path.Combine(_root, "p")));
    }

    [Fact]
    public void Sync_SportsData_refuses_two_connections_of_one_vendor_and_name_and_skips_a_closed_one()
    {
        ErrorRecord twice = Assert.Single(Run("""
            $first = Connect-Valor -Sandbox -Name b -PassThru
            $second = Connect-Valor -Sandbox -Name b -PassThru
            Sync-SportsData -Path $root -Connection $first, $second -WhatIf
            """, Vars()).Errors);
        Assert.Equal("InvalidParameter.Connection", twice.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("2 Valor connections with the -Name 'b'", twice.Exception.Message);

        var skipped = Run("""
            $valor = Connect-Valor -Sandbox -PassThru
            $aik = Connect-Aikynetix -Sandbox -PassThru
            Disconnect-Valor -Connection $valor
            Sync-SportsData -Path $root -Connection $valor, $aik -WhatIf
            """, Vars());
        ErrorRecord closed = Assert.Single(skipped.Errors);
        Assert.Equal("Valor.NotConnected", closed.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("The Valor connection has been closed; it is skipped.", closed.Exception.Message);
        Assert.Equal("Aikynetix", Assert.Single(Objects<SyncResult>(skipped)).Vendor);
    }
}
