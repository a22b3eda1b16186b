using SportsData.Polar;

namespace SportsData.PowerShell.Tests;

/// <summary>Polar objects bind to the next cmdlet by property name: each output belongs to the very object piped in.</summary>
public class PolarBindingTests : ModuleTestBase
{
    [Fact]
    public void Participants_bind_by_player_session_and_player_sessions_bind_by_id()
    {
        var result = Run("""
            Connect-PolarTeamPro -Sandbox
            $ts = Get-PolarTeam -First 1 | Get-PolarTeamSession -First 1 | Get-PolarTeamSession
            $participant = $ts.Participants[1]
            $fromParticipant = @($participant | Get-PolarSessionSummary)
            $playerSessions = @(Get-PolarPlayerSession -PlayerId $participant.PlayerId -First 3)
            $fromPlayerSessions = @($playerSessions | Get-PolarSessionSummary)
            """);
        Assert.Empty(result.Errors);
        var participant = (PolarParticipant)BaseOf(Ps.Variable("participant")!);
        var fromParticipant = Objects<PolarSessionSummary>(Ps.Variable("fromParticipant"));
        var summary = Assert.Single(fromParticipant);
        Assert.Equal(participant.PlayerSessionId, summary.PlayerSessionId);
        Assert.Equal(participant.PlayerId, summary.PlayerId);
        Assert.Equal(participant.TeamSessionId, summary.TeamSessionId);

        // Player sessions carry no team session: only their id (and player) can have bound.
        var playerSessions = Objects<PolarPlayerSession>(Ps.Variable("playerSessions"));
        Assert.True(playerSessions.Count >= 2, "the player needs several sessions, so that each summary must come from its own");
        var fromPlayerSessions = Objects<PolarSessionSummary>(Ps.Variable("fromPlayerSessions"));
        Assert.Equal(playerSessions.Select(s => s.PlayerSessionId), fromPlayerSessions.Select(s => s.PlayerSessionId));
        Assert.All(fromPlayerSessions, s => Assert.Equal(participant.PlayerId, s.PlayerId));
    }

    private static List<T> Objects<T>(object? variable) =>
        ((object[])BaseOf(variable!)).Select(BaseOf).OfType<T>().ToList();

    private static object BaseOf(object value) => value is System.Management.Automation.PSObject ps ? ps.BaseObject : value;
}
