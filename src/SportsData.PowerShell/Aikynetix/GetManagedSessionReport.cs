using SportsData.Aikynetix;

namespace SportsData.PowerShell.Aikynetix
{
    /// <summary>
    /// A session's metrics and report comments as long-format rows (one per session and value path): numbers in
    /// Value, comments in Text. Works on the sessions Get-ManagedSession returned, so it sends no request.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ManagedSessionReport")]
    [OutputType(typeof(ManagedSessionReportValue))]
    public sealed class GetManagedSessionReport : PSCmdlet
    {
        /// <summary>Sessions from Get-ManagedSession (or Set-ManagedSession -PassThru).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ManagedSession[] InputObject { get; set; } = Array.Empty<ManagedSession>();

        /// <summary>Only these sections: metrics, report_comments (default: both).</summary>
        [Parameter]
        [ValidateSet(ManagedSessionReport.MetricsSection, ManagedSessionReport.CommentsSection, IgnoreCase = true)]
        public string[]? Section { get; set; }

        protected override void ProcessRecord()
        {
            foreach (ManagedSession session in InputObject)
            {
                if (session == null) continue;
                foreach (ManagedSessionReportValue row in ManagedSessionReport.Rows(session))
                {
                    if (Section != null && !Section.Contains(row.Section, StringComparer.OrdinalIgnoreCase)) continue;
                    WriteObject(row);
                }
            }
        }
    }
}
