using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>A player's summary of a team session: distance, heart rate, speed, loads, zones.</summary>
    [Cmdlet(VerbsCommon.Get, "PolarSessionSummary")]
    [OutputType(typeof(PolarSessionSummary))]
    public sealed class GetPolarSessionSummary : PlayerSessionRowsCmdlet<PolarSessionSummary>
    {
        protected override string Activity => "session summaries";

        protected override async Task<IEnumerable<PolarSessionSummary>> ReadAsync(PlayerSessionItem item, CancellationToken cancellationToken) =>
            new[] { await Client.GetSessionSummaryAsync(item.PlayerSessionId, item.PlayerId, item.TeamSessionId, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>A player's summaries of each phase (marker) of a team session.</summary>
    [Cmdlet(VerbsCommon.Get, "PolarPhaseSummary")]
    [OutputType(typeof(PolarSessionSummary))]
    public sealed class GetPolarPhaseSummary : PlayerSessionRowsCmdlet<PolarSessionSummary>
    {
        protected override string Activity => "phase summaries";

        protected override async Task<IEnumerable<PolarSessionSummary>> ReadAsync(PlayerSessionItem item, CancellationToken cancellationToken) =>
            await Client.GetPhaseSummariesAsync(item.PlayerSessionId, item.PlayerId, item.TeamSessionId, cancellationToken).ConfigureAwait(false);
    }
}
