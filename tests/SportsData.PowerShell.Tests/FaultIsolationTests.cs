using SportsData.Polar;
using SportsData.Sandbox;
using SportsData.Sandbox.Polar;

namespace SportsData.PowerShell.Tests;

/// <summary>One input's failure never skips the inputs after it: each is delivered or has its own error record.</summary>
public class FaultIsolationTests : ModuleTestBase
{
    /// <summary>A team session of team <paramref name="team"/> with five participants or more, and the second's summary body cut once.</summary>
    private static (TeamSessionSeed Session, PlayerSessionSeed Cut) CutOneSummary(int team)
    {
        var session = SandboxWorld.Shared.Polar.Data.Teams[team].Sessions.First(s => s.Participants.Count >= 5);
        var cut = session.Participants[1];
        // The path is unique to this participant, so tests running alongside are not affected.
        SandboxWorld.Shared.Faults.AddCutBody("/v1/training_sessions/" + cut.Id + "/session_summary", times: 1);
        return (session, cut);
    }

    [Fact]
    public void A_participant_whose_body_stays_cut_gets_its_own_error_and_every_other_participant_comes()
    {
        var (team, broken) = CutOneSummary(0);

        var result = Run($"Connect-PolarTeamPro -Sandbox -MaxRetryCount 0; Get-PolarSessionSummary -TeamSessionId '{team.Id}'");

        var summaries = Objects<PolarSessionSummary>(result);
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
        var (team, cut) = CutOneSummary(1);

        var result = Run($"Connect-PolarTeamPro -Sandbox -MaxRetryCount 1; Get-PolarSessionSummary -TeamSessionId '{team.Id}' -Verbose");

        Assert.Empty(result.Errors);
        var summaries = Objects<PolarSessionSummary>(result);
        Assert.Equal(team.Participants.Select(p => p.Id).OrderBy(i => i, StringComparer.Ordinal), summaries.Select(s => s.PlayerSessionId).OrderBy(i => i, StringComparer.Ordinal));
        Assert.Contains(result.Verbose, v => v.Contains(cut.Id + "/session_summary") && v.Contains("retrying"));
    }
}
