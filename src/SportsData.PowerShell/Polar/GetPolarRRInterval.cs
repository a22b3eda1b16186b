using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>The RR intervals (beat-to-beat times, ms) of player sessions, one row per interval; nulls mark gaps.</summary>
    [Cmdlet(VerbsCommon.Get, "PolarRRInterval")]
    [OutputType(typeof(PolarRRInterval))]
    public sealed class GetPolarRRInterval : PlayerSessionInputCmdlet
    {
        protected override string Activity => "RR intervals";

        protected override async Task ProcessPlayerSessionAsync(string playerSessionId, string? playerId, string? teamSessionId, PipelineChannel channel, CancellationToken cancellationToken)
        {
            foreach (PolarRRInterval interval in await Client.GetRRIntervalsAsync(playerSessionId, playerId, teamSessionId, cancellationToken).ConfigureAwait(false))
            {
                channel.WriteObject(interval);
            }
        }
    }
}
