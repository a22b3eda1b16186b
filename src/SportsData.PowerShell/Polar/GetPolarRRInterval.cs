using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>The RR intervals (beat-to-beat times, ms) of player sessions, one row per interval; nulls mark gaps.</summary>
    [Cmdlet(VerbsCommon.Get, "PolarRRInterval")]
    [OutputType(typeof(PolarRRInterval))]
    public sealed class GetPolarRRInterval : PlayerSessionRowsCmdlet<PolarRRInterval>
    {
        protected override string Activity => "RR intervals";

        protected override async Task<IEnumerable<PolarRRInterval>> ReadAsync(PlayerSessionItem item, CancellationToken cancellationToken) =>
            await Client.GetRRIntervalsAsync(item.PlayerSessionId, item.PlayerId, item.TeamSessionId, cancellationToken).ConfigureAwait(false);
    }
}
