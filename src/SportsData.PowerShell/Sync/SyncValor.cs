using SportsData.Sync;
using SportsData.Sync.Valor;
using SportsData.Valor;

namespace SportsData.PowerShell.Valor
{
    /// <summary>
    /// Keeps a folder of Valor data up to date: athletes.csv, sessions.csv, reports.csv and (with -IncludeIKData) one
    /// IK file per session. Each run walks the whole session listing and fetches only sessions it has not stored;
    /// a run stopped by a fault or Ctrl+C continues where it stopped. Writes one ValorSyncResult.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "Valor", SupportsShouldProcess = true)]
    [OutputType(typeof(ValorSyncResult))]
    public sealed class SyncValor : VendorSyncCmdlet<ValorConnection, ValorSyncOptions, ValorSyncResult>
    {
        private readonly List<string> _athletes = new List<string>();

        /// <summary>Also store each session's inverse-kinematics data (60 Hz, large) under ik/&lt;athlete_id&gt;/.</summary>
        [Parameter]
        public SwitchParameter IncludeIKData { get; set; }

        /// <summary>Only these athletes' sessions (binds from Get-ValorAthlete output); leave out for everyone.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? AthleteId { get; set; }

        /// <summary>Ask Valor again for the reports stored as "no report" (it answered 404 before; see reports_missing.csv).</summary>
        [Parameter]
        public SwitchParameter RecheckMissingReports { get; set; }

        /// <summary>Csv (default) or CsvGzip for the IK files. Tables are always CSV.</summary>
        [Parameter]
        public DataFormat Format { get; set; } = DataFormat.Csv;

        protected override void ProcessRecord()
        {
            if (AthleteId != null) _athletes.AddRange(AthleteId);
        }

        protected override string What =>
            "Sync Valor sessions" + (_athletes.Count > 0 ? " of " + _athletes.Count + " athlete(s)" : string.Empty) + (IncludeIKData ? " with IK data" : string.Empty);

        protected override ValorSyncOptions Options() => new ValorSyncOptions
        {
            IncludeIKData = IncludeIKData,
            RecheckMissingReports = RecheckMissingReports,
            AthleteIds = _athletes.Count > 0 ? _athletes.ToArray() : null,
            Format = Format,
        };

        protected override Task<ValorSyncResult> SyncAsync(ValorSyncOptions options, CancellationToken cancellationToken) =>
            ValorSync.RunAsync(ValorEngine.Of(ResolvedConnection).Client, options, cancellationToken);
    }
}
