using System;
using System.Threading.Tasks;
using System.Collections.Generic;
using System.Management.Automation;
using SportsData.Valor;

namespace SportsData.PowerShell.Valor
{
    /// <summary>A session's report (reportData) as flat rows: one per metric and side, with AvgMax and Score.</summary>
    [Cmdlet(VerbsCommon.Get, "ValorReport")]
    [OutputType(typeof(ValorReportMetric))]
    public sealed class GetValorReport : ValorCmdlet
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

        protected override void ProcessRecord()
        {
            string key = S3Key, sessionId = SessionId ?? string.Empty, athleteId = AthleteId ?? string.Empty;
            Run(SessionId ?? S3Key, async (channel, ct) =>
            {
                IReadOnlyList<ValorReportMetric> rows = await Client.GetReportAsync(key, NullIfEmpty(sessionId), NullIfEmpty(athleteId), ct).ConfigureAwait(false);
                foreach (ValorReportMetric row in rows) channel.WriteObject(row);
            });
        }

        internal static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
    }

    /// <summary>A session's inverse-kinematics data (ikData, 60 Hz) as flat rows: one per frame and joint.</summary>
    [Cmdlet(VerbsCommon.Get, "ValorIKData")]
    [OutputType(typeof(ValorIKFrame))]
    public sealed class GetValorIKData : ValorCmdlet
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
            string key = S3Key, sessionId = SessionId ?? string.Empty, athleteId = AthleteId ?? string.Empty;
            Run(SessionId ?? S3Key, async (channel, ct) =>
            {
                await foreach (ValorIKFrame frame in Client.GetIKDataAsync(key, GetValorReport.NullIfEmpty(sessionId), GetValorReport.NullIfEmpty(athleteId), include, ct).ConfigureAwait(false))
                {
                    channel.WriteObject(frame);
                }
            });
        }
    }
}
