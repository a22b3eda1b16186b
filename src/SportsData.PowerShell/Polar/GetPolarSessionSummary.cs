using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>A player's summary of a team session: distance, heart rate, speed, loads, zones.</summary>
    [Cmdlet(VerbsCommon.Get, "PolarSessionSummary")]
    [OutputType(typeof(PolarSessionSummary))]
    public sealed class GetPolarSessionSummary : PlayerSessionInputCmdlet
    {
        protected override string Activity => "session summaries";

        protected override async Task ProcessPlayerSessionAsync(string playerSessionId, string? playerId, string? teamSessionId, PipelineChannel channel, CancellationToken cancellationToken)
        {
            channel.WriteObject(await Client.GetSessionSummaryAsync(playerSessionId, playerId, teamSessionId, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>A player's summaries of each phase (marker) of a team session.</summary>
    [Cmdlet(VerbsCommon.Get, "PolarPhaseSummary")]
    [OutputType(typeof(PolarSessionSummary))]
    public sealed class GetPolarPhaseSummary : PlayerSessionInputCmdlet
    {
        protected override string Activity => "phase summaries";

        protected override async Task ProcessPlayerSessionAsync(string playerSessionId, string? playerId, string? teamSessionId, PipelineChannel channel, CancellationToken cancellationToken)
        {
            foreach (PolarSessionSummary phase in await Client.GetPhaseSummariesAsync(playerSessionId, playerId, teamSessionId, cancellationToken).ConfigureAwait(false))
            {
                channel.WriteObject(phase);
            }
        }
    }
}
