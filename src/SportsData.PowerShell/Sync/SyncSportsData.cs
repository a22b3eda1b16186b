using SportsData.Database;
using SportsData.Polar;
using SportsData.PowerShell.Polar;
using SportsData.Sync;

namespace SportsData.PowerShell
{
    /// <summary>
    /// One command for a scheduled task: syncs every connection made in this session (or the -Connection objects) at
    /// the same time, each into its subfolder of -Path (<see cref="SyncVendor"/>: polar, valor, aikynetix, or
    /// &lt;vendor&gt;-&lt;name&gt; for a connection made with -Name). Each keeps its own rate limit and dataset lock. Writes
    /// one result per connection, in a fixed order; a connection that fails is a non-terminating error and the others go on.
    /// With -PublishConnectionString each dataset is published to PostgreSQL right after its sync (Publish-SportsDataset),
    /// and its publish results follow its sync result.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "SportsData", SupportsShouldProcess = true)]
    [OutputType(typeof(PolarSyncResult), typeof(ValorSyncResult), typeof(ManagedSessionSyncResult), typeof(PublishResult))]
    public sealed class SyncSportsData : SportsDataCmdlet
    {
        private readonly List<SportsDataConnection> _connections = new List<SportsDataConnection>();

        /// <summary>The root folder; each connection's dataset goes to a subfolder (polar, valor, aikynetix, or &lt;vendor&gt;-&lt;name&gt;), created when missing.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>The connections to sync (default: every open connection made in this session); several of one vendor need distinct -Name.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public SportsDataConnection[]? Connection { get; set; }

        /// <summary>Csv (default) or CsvGzip for the data files (Polar samples, Valor IK data); Parquet for Polar samples only.</summary>
        [Parameter]
        public DataFormat Format { get; set; } = DataFormat.Csv;

        /// <summary>Polar: only sessions that start after this time (see Sync-PolarTeamPro -Since).</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary>Polar: re-list only sessions within this time before the newest stored (see Sync-PolarTeamPro -Lookback).</summary>
        [Parameter]
        public TimeSpan? Lookback { get; set; }

        /// <summary>Polar: sample types written to the sample files (default All; None: no sample files).</summary>
        [Parameter]
        public PolarSampleType[] SampleType { get; set; } = { PolarSampleType.All };

        /// <summary>Polar: also write RR intervals (see Sync-PolarTeamPro -IncludeRRIntervals).</summary>
        [Parameter]
        public SwitchParameter IncludeRRIntervals { get; set; }

        /// <summary>Polar: also sync the players' own (individual) sessions.</summary>
        [Parameter]
        public SwitchParameter IncludeIndividualSessions { get; set; }

        /// <summary>Polar: player sessions fetched at once per account (see Sync-PolarTeamPro -ThrottleLimit).</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = Defaults.SyncThrottleLimit;

        /// <summary>Valor: also store each session's IK data.</summary>
        [Parameter]
        public SwitchParameter IncludeIKData { get; set; }

        /// <summary>Valor: ask again for reports stored as "no report" (see Sync-Valor -RecheckMissingReports).</summary>
        [Parameter]
        public SwitchParameter RecheckMissingReports { get; set; }

        /// <summary>AiKYNETIX: also download analyzed videos.</summary>
        [Parameter]
        public SwitchParameter IncludeVideos { get; set; }

        /// <summary>Utf8NoBom (default, the dataset contract) or Utf8Bom: every .csv file written starts with a UTF-8 byte-order mark, so Excel shows accents right when the file is double-clicked.</summary>
        [Parameter]
        public CsvEncoding Encoding { get; set; } = CsvEncoding.Utf8NoBom;

        /// <summary>After each connection's sync, publish its dataset to this PostgreSQL database (see Publish-SportsDataset -ConnectionString).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PublishConnectionString { get; set; }

        /// <summary>The database user and password for -PublishConnectionString (e.g. from Get-Secret).</summary>
        [Parameter]
        [Credential]
        public PSCredential? PublishCredential { get; set; }

        protected override void ProcessRecord()
        {
            if (Connection != null) _connections.AddRange(Connection);
        }

        protected override void EndProcessing()
        {
            string root = SyncCommand.DatasetPath(this, Path);
            Checked(() => SyncPublisher.CheckParameters(PublishConnectionString, PublishCredential != null));
            List<SportsDataConnection> connections = _connections.Count > 0 ? _connections.Distinct().ToList() : ConnectionRegistry.SessionConnections().ToList();
            var approved = new List<(SyncVendor Vendor, SportsDataConnection Connection, string Folder, bool Preview)>();
            foreach ((SyncVendor vendor, SportsDataConnection connection) in Checked(() => SyncPlan.Of(connections, (error, label) => WriteError(ErrorRecords.From(error, label)), WriteWarning)))
            {
                string folder = System.IO.Path.Combine(root, vendor.FolderOf(connection));
                if (SyncCommand.Approve(this, folder, "Sync " + SyncPlan.Label(vendor, connection), out bool preview)) approved.Add((vendor, connection, folder, preview));
            }
            if (approved.Count > 0)
            {
                bool several = approved.Count > 1;
                SyncPublisher? publisher = PublishConnectionString != null ? new SyncPublisher(PublishConnectionString, PublishCredential?.UserName, PublishCredential?.Password) : null;
                Run(null, (channel, ct) =>
                {
                    List<SyncJob> jobs = approved.Select(a =>
                    {
                        // With several connections, each error says whose it is, as the verbose lines do.
                        string? errorLabel = several ? SyncPlan.Label(a.Vendor, a.Connection) : null;
                        Action<Exception, object?> reportError = (error, target) => channel.WriteError(error, target, errorLabel);
                        Func<CancellationToken, Task<SyncResult>> sync = token => a.Vendor.RunAsync(a.Connection, Options(a.Connection, channel, a.Preview, reportError), a.Folder, token);
                        return new SyncJob(a.Vendor.Name, a.Connection.Name, a.Folder, publisher != null && !a.Preview ? publisher.After(sync, a.Folder, reportError) : sync);
                    }).ToList();
                    // Results and errors are queued to the pipeline thread by the channel; ConcurrentSync hands them over one at a time.
                    return ConcurrentSync.RunAsync(jobs, channel, (job, result) =>
                    {
                        channel.WriteObject(result);
                        if (publisher != null) foreach (PublishResult item in publisher.ResultsOf(job.Folder)) channel.WriteObject(item);
                    }, (job, error) => channel.WriteError(error, job.Label, several ? job.Label : null), ct);
                });
            }
            base.EndProcessing();
        }

        private SportsDataSyncOptions Options(SportsDataConnection connection, PipelineChannel channel, bool preview, Action<Exception, object?> reportError) =>
            SyncCommand.Wire(new SportsDataSyncOptions
            {
                Account = connection.Name,
                Encoding = Encoding,
                Format = Format,
                Since = Since,
                Lookback = Lookback,
                SampleTypes = PolarSampleTypes.Flags(SampleType),
                IncludeRRIntervals = IncludeRRIntervals,
                IncludeIndividualSessions = IncludeIndividualSessions,
                ThrottleLimit = ThrottleLimit,
                IncludeIKData = IncludeIKData,
                RecheckMissingReports = RecheckMissingReports,
                IncludeVideos = IncludeVideos,
            }, channel, preview, reportError);
    }
}
