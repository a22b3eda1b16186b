using System.Management.Automation;

namespace SportsData.PowerShell.Tests;

/// <summary>Sync-PolarTeamPro as PowerShell binds it (in-process host, sandbox connection).</summary>
public class SyncCmdletTests : ModuleTestBase
{
    [Fact]
    public void Sync_PolarTeamPro_declares_its_parameters_for_binding()
    {
        var result = Run("""
            $c = Get-Command Sync-PolarTeamPro
            [pscustomobject]@{
                PathMandatory = $c.Parameters['Path'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].Mandatory
                PathPosition = $c.Parameters['Path'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].Position
                TeamIdByName = $c.Parameters['TeamId'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].ValueFromPipelineByPropertyName
                WhatIf = $c.Parameters.ContainsKey('WhatIf')
                Output = $c.OutputType.Name -join ','
                Format = $c.Parameters['Format'].ParameterType.FullName
            }
            """);
        Assert.Empty(result.Errors);
        dynamic info = result.Output.Single();
        Assert.True((bool)info.PathMandatory);
        Assert.Equal(0, (int)info.PathPosition);
        Assert.True((bool)info.TeamIdByName);
        Assert.True((bool)info.WhatIf);
        Assert.Equal("SportsData.Sync.PolarSyncResult", (string)info.Output);
        Assert.Equal("SportsData.DataFormat", (string)info.Format);
    }

    [Fact]
    public void WhatIf_with_teams_piped_in_lists_and_writes_nothing()
    {
        string path = Path.Combine(Path.GetTempPath(), "sportsdata-whatif-" + Guid.NewGuid().ToString("N"));
        var result = Run("""
            Connect-PolarTeamPro -Sandbox
            Get-PolarTeam -First 1 | Sync-PolarTeamPro -Path $path -Since ([datetime]::Now.AddDays(-8)) -SampleType None -WhatIf
            """, new Dictionary<string, object?> { ["path"] = path });

        Assert.Empty(result.Errors);
        dynamic sync = result.Output.Single().BaseObject;
        Assert.True((bool)sync.WhatIf);
        Assert.Equal(1, (int)sync.Teams);
        Assert.True((int)sync.New > 0, "eight days of the demo season hold sessions");
        Assert.Equal(0, (int)sync.Files);
        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public void A_Path_that_is_a_file_is_a_terminating_error_naming_Path()
    {
        string file = Path.GetTempFileName();
        try
        {
            var result = Run("""
                Connect-PolarTeamPro -Sandbox
                Sync-PolarTeamPro -Path $file -SampleType None
                'after'
                """, new Dictionary<string, object?> { ["file"] = file });
            var record = Assert.Single(result.Errors);
            Assert.Equal("InvalidParameter.Path,SportsData.PowerShell.Polar.SyncPolarTeamPro", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
            Assert.Contains("-Path", record.Exception.Message);
            Assert.DoesNotContain(result.Output, o => o.BaseObject is SportsData.Sync.SyncResult);
            Assert.Equal(string.Empty, File.ReadAllText(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
