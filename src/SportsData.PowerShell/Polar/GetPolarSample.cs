using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>
    /// The 10 Hz samples of player sessions as flat rows: one row per sample time, with ids, offset, absolute
    /// time and one nullable column per sample type. Rows stream to the pipeline as they are parsed.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PolarSample")]
    [OutputType(typeof(PolarSample))]
    public sealed class GetPolarSample : PlayerSessionInputCmdlet
    {
        /// <summary>Sample types to fetch: Distance, Location, HR, Speed, Cadence, Altitude, ForwardAcceleration, RR, or All (default).</summary>
        [Parameter]
        public PolarSampleType[] Type { get; set; } = { PolarSampleType.All };

        protected override string Activity => "samples";

        protected override async Task ProcessPlayerSessionAsync(string playerSessionId, string? playerId, string? teamSessionId, PipelineChannel channel, CancellationToken cancellationToken)
        {
            long rows = 0;
            await foreach (IReadOnlyList<PolarSample> batch in Client.GetSamplesAsync(playerSessionId, PolarSampleTypes.Combine(Type), playerId, teamSessionId, cancellationToken).ConfigureAwait(false))
            {
                foreach (PolarSample sample in batch) channel.WriteObject(sample);
                rows += batch.Count;
            }
            channel.Verbose($"Polar: player session {playerSessionId}: {rows} sample row(s).");
        }
    }
}
