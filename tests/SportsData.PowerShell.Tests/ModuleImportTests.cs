using System.Management.Automation;
using SportsData.Polar;

namespace SportsData.PowerShell.Tests;

public class ModuleImportTests
{
    [Fact]
    public void Module_imports_and_exports_the_Polar_cmdlets()
    {
        using var ps = new ModuleRunspace();
        var result = ps.Run("Get-Command -Module SportsData | ForEach-Object Name");
        var names = result.Output.Select(o => o.ToString()).ToList();
        Assert.Contains("Connect-PolarTeamPro", names);
        Assert.Contains("Get-PolarSample", names);
    }

    [Fact]
    public void Sandbox_pipeline_binds_team_to_sessions_to_samples()
    {
        using var ps = new ModuleRunspace();
        var result = ps.Run("""
            Connect-PolarTeamPro -Sandbox
            $session = Get-PolarTeam -First 1 | Get-PolarTeamSession -Since ([datetime]::Now.AddDays(-7)) -First 1
            $session | Get-PolarSample -Type HR,Speed
            """);
        Assert.Empty(result.Errors);
        var samples = result.Output.Select(o => o.BaseObject).OfType<PolarSample>().ToList();
        Assert.NotEmpty(samples);
        Assert.True(samples.Select(s => s.PlayerSessionId).Distinct().Count() > 1, "one team session expands to every participant");
    }
}
