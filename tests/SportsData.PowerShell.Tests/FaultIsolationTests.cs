using SportsData.Polar;
using SportsData.Sandbox;

namespace SportsData.PowerShell.Tests;

/// <summary>One input's failure never skips the inputs after it: each is delivered or has its own error record.</summary>
public class FaultIsolationTests
{
    [Fact]
    public void A_participant_whose_body_stays_cut_gets_its_own_error_and_every_other_participant_comes()
    {
        var world = SandboxWorld.Shared;
        var team = world.Polar.Data.Teams[0].Sessions.First(s => s.Participants.Count >= 5);
        var broken = team.Participants[1];
        // The path is unique to this participant, so tests running alongside are not affected.
        world.Faults.AddCutBody("/v1/training_sessions/" + broken.Id + "/session_summary", times: 1);
        using var ps = new ModuleRunspace();

        var result = ps.Run($"Connect-PolarTeamPro -Sandbox -MaxRetryCount 0; Get-PolarSessionSummary -TeamSessionId '{team.Id}'");

        var summaries = result.Output.Select(o => o.BaseObject).OfType<PolarSessionSummary>().ToList();
        Assert.Equal(team.Participants.Where(p => p != broken).Select(p => p.Id).OrderBy(i => i, StringComparer.Ordinal),
            summaries.Select(s => s.PlayerSessionId).OrderBy(i => i, StringComparer.Ordinal));
        var error = Assert.Single(result.Errors);
        Assert.Equal("PolarApi.InvalidResponse", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(broken.Id, error.TargetObject);
        Assert.Contains("/v1/training_sessions/" + broken.Id + "/session_summary", error.Exception.Message);
    }

    [Fact]
    public void A_participant_body_cut_once_is_fetched_again_and_every_participant_comes_without_error()
    {
        var world = SandboxWorld.Shared;
        var team = world.Polar.Data.Teams[1].Sessions.First(s => s.Participants.Count >= 5);
        var cut = team.Participants[1];
        world.Faults.AddCutBody("/v1/training_sessions/" + cut.Id + "/session_summary", times: 1);
        using var ps = new ModuleRunspace();

        var result = ps.Run($"Connect-PolarTeamPro -Sandbox -MaxRetryCount 1; Get-PolarSessionSummary -TeamSessionId '{team.Id}' -Verbose");

        Assert.Empty(result.Errors);
        var summaries = result.Output.Select(o => o.BaseObject).OfType<PolarSessionSummary>().ToList();
        Assert.Equal(team.Participants.Select(p => p.Id).OrderBy(i => i, StringComparer.Ordinal), summaries.Select(s => s.PlayerSessionId).OrderBy(i => i, StringComparer.Ordinal));
        Assert.Contains(result.Verbose, v => v.Contains(cut.Id + "/session_summary") && v.Contains("retrying"));
    }
}
