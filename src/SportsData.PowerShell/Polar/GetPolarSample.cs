using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>
    /// The 10 Hz samples of player sessions as flat rows: one row per sample time, with ids, offset, absolute
    /// time and one nullable column per sample type. Several sessions are fetched at once (-ThrottleLimit);
    /// rows come out in input order, a session's rows whole or not at all.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PolarSample")]
    [OutputType(typeof(PolarSample))]
    public sealed class GetPolarSample : PlayerSessionReadAheadCmdlet<byte[]>
    {
        /// <summary>Sample types to fetch: Distance, Location, HR, Speed, Cadence, Altitude, ForwardAcceleration, RR, or All (default).</summary>
        [Parameter]
        [Alias("SampleType")]
        public PolarSampleType[] Type { get; set; } = { PolarSampleType.All };

        protected override string Activity => "samples";

        protected override Task<byte[]> FetchAsync(PlayerSessionItem item, CancellationToken cancellationToken) =>
            Client.GetPlayerSessionBodyAsync(item.PlayerSessionId, PolarSampleTypes.Combine(Type), cancellationToken);

        protected override Task EmitAsync(PlayerSessionItem item, byte[] body, PipelineChannel channel, CancellationToken cancellationToken)
        {
            long rows = 0;
            foreach (List<PolarSample> batch in PolarClient.ReadSamples(body, body.Length, item.PlayerSessionId, item.PlayerId, item.TeamSessionId))
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (PolarSample sample in batch) channel.WriteObject(sample);
                rows += batch.Count;
            }
            channel.Verbose($"Polar: player session {item.PlayerSessionId}: {rows} sample row(s).");
            return Task.CompletedTask;
        }
    }
}
