using SportsData.Polar;
using SportsData.Sync;
using SportsData.Sync.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>
    /// Keeps a folder dataset of everything in Polar Team Pro up to date: tables (teams, players, sessions,
    /// participants, markers, player sessions, summaries) and one sample file per player session. Each run fetches
    /// only what is new or changed since the last one; a killed run leaves a dataset the next run completes.
    /// </summary>
    [Cmdlet("Sync", "PolarTeamPro", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(PolarSyncResult))]
    public sealed class SyncPolarTeamPro : VendorSyncCmdlet<PolarConnection, PolarSyncOptions, PolarSyncResult>
    {
        /// <summary>Only sessions that start after this time (local time of the sessions). Default: everything.</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary>Re-list only sessions that start within this time before the newest session stored (for very long histories).</summary>
        [Parameter]
        public TimeSpan? Lookback { get; set; }

        /// <summary>Only these teams (default: every team the account sees).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? TeamId { get; set; }

        /// <summary>Sample types written to the sample files (default All); None writes no sample files.</summary>
        [Parameter]
        public PolarSampleType[] SampleType { get; set; } = { PolarSampleType.All };

        /// <summary>Also write RR intervals, one file per player session under rr/.</summary>
        [Parameter]
        public SwitchParameter IncludeRRIntervals { get; set; }

        /// <summary>Also sync the players' own (individual) sessions, found through the teams' rosters.</summary>
        [Parameter]
        public SwitchParameter IncludeIndividualSessions { get; set; }

        /// <summary>Format of the sample files: Csv (default), CsvGzip or Parquet. Tables are always CSV.</summary>
        [Parameter]
        public DataFormat Format { get; set; } = DataFormat.Csv;

        /// <summary>Player sessions fetched at once (default <see cref="Defaults.SyncThrottleLimit"/>). Requests still share the connection's rate limit.</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = Defaults.SyncThrottleLimit;

        private readonly System.Collections.Generic.List<string> _teamIds = new System.Collections.Generic.List<string>();

        protected override void ProcessRecord()
        {
            if (TeamId != null) _teamIds.AddRange(TeamId);
        }

        protected override string What => "Sync Polar Team Pro";

        protected override PolarSyncOptions Options() => new PolarSyncOptions
        {
            Since = Since,
            Lookback = Lookback,
            TeamIds = _teamIds.Count > 0 ? _teamIds.ToArray() : null,
            SampleTypes = PolarSampleTypes.Flags(SampleType),
            IncludeRRIntervals = IncludeRRIntervals,
            IncludeIndividualSessions = IncludeIndividualSessions,
            Format = Format,
            ThrottleLimit = ThrottleLimit,
        };

        protected override Task<PolarSyncResult> SyncAsync(PolarSyncOptions options, CancellationToken cancellationToken) =>
            new PolarSync(PolarSession.Of(ResolvedConnection).Client).RunAsync(options, cancellationToken);
    }
}
