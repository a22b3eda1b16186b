using SportsData.Valor;

namespace SportsData.PowerShell.Valor
{
    /// <summary>Base of the cmdlets that read one session's data by its s3Key (sessions pipe in by property name).</summary>
    public abstract class ValorSessionDataCmdlet : ValorCmdlet
    {
        /// <summary>The session's s3Key (from Get-ValorSession).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string S3Key { get; set; } = string.Empty;

        /// <summary>Carried into the rows for context.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? SessionId { get; set; }

        /// <summary>Carried into the rows for context.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? AthleteId { get; set; }

        /// <summary>This input's key and context ids, captured for the async work (empty ids become null).</summary>
        protected (string Key, string? SessionId, string? AthleteId) CurrentSession =>
            (S3Key, string.IsNullOrEmpty(SessionId) ? null : SessionId, string.IsNullOrEmpty(AthleteId) ? null : AthleteId);
    }

    /// <summary>A session's report (reportData) as flat rows: one per metric and side, with AvgMax and Score.</summary>
    [Cmdlet(VerbsCommon.Get, "ValorReport")]
    [OutputType(typeof(ValorReportMetric))]
    public sealed class GetValorReport : ValorSessionDataCmdlet
    {
        protected override void ProcessRecord()
        {
            var (key, sessionId, athleteId) = CurrentSession;
            Run(sessionId ?? key, async (channel, ct) =>
            {
                IReadOnlyList<ValorReportMetric> rows = await Client.GetReportAsync(key, sessionId, athleteId, ct).ConfigureAwait(false);
                foreach (ValorReportMetric row in rows) channel.WriteObject(row);
            });
        }
    }

    /// <summary>A session's inverse-kinematics data (ikData, 60 Hz) as flat rows: one per frame and joint.</summary>
    [Cmdlet(VerbsCommon.Get, "ValorIKData")]
    [OutputType(typeof(ValorIKFrame))]
    public sealed class GetValorIKData : ValorSessionDataCmdlet
    {
        /// <summary>Only these joints (wildcards allowed), e.g. knee*.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Joint { get; set; }

        protected override void ProcessRecord()
        {
            Func<string, bool>? include = null;
            if (Joint != null)
            {
                var patterns = Array.ConvertAll(Joint, j => new WildcardPattern(j, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant));
                include = name => Array.Exists(patterns, p => p.IsMatch(name));
            }
            var (key, sessionId, athleteId) = CurrentSession;
            Run(sessionId ?? key, async (channel, ct) =>
            {
                await foreach (ValorIKFrame frame in Client.GetIKDataAsync(key, sessionId, athleteId, include, ct).ConfigureAwait(false))
                {
                    channel.WriteObject(frame);
                }
            });
        }
    }
}
