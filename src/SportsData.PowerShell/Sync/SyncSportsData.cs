using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SportsData.Connections;
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
            if (PublishConnectionString != null && !DatasetPublisher.IsAvailable)
            {
                SportsDataException unavailable = DatasetPublisher.NotAvailable();
                unavailable.ParameterName = "PublishConnectionString";
                ThrowFailure(unavailable, null);
            }
            if (PublishCredential != null && PublishConnectionString == null)
            {
                ThrowFailure(SportsDataException.InvalidArgument("PublishCredential", "-PublishCredential is for the database of -PublishConnectionString; add -PublishConnectionString, or leave -PublishCredential out."), null);
            }
            var approved = new List<(SyncVendor Vendor, SportsDataConnection Connection, string Folder, bool Preview)>();
            foreach ((SyncVendor vendor, SportsDataConnection connection) in Jobs())
            {
                string folder = System.IO.Path.Combine(root, vendor.FolderOf(connection));
                if (SyncCommand.Approve(this, folder, "Sync " + Label(vendor, connection), out bool preview)) approved.Add((vendor, connection, folder, preview));
            }
            if (approved.Count > 0)
            {
                Run(null, async (channel, ct) =>
                {
                    var published = new Dictionary<string, List<PublishResult>>();
                    List<SyncJob> jobs = approved.Select(a => new SyncJob(a.Vendor.Name, a.Connection.Name, a.Folder, async token =>
                    {
                        SyncResult result = await a.Vendor.RunAsync(a.Connection, Options(a.Connection, channel, a.Preview), a.Folder, token).ConfigureAwait(false);
                        if (!a.Preview)
                        {
                            List<PublishResult> loaded = await PublishAsync(a.Folder, channel, token).ConfigureAwait(false);
                            lock (published) published[a.Folder] = loaded;
                        }
                        return result;
                    })).ToList();
                    // Results and errors are queued to the pipeline thread by the channel; ConcurrentSync hands them over one at a time.
                    await ConcurrentSync.RunAsync(jobs, channel, (job, result) =>
                    {
                        channel.WriteObject(result);
                        List<PublishResult>? results;
                        lock (published) published.TryGetValue(job.Folder, out results);
                        if (results != null) foreach (PublishResult item in results) channel.WriteObject(item);
                    }, (job, error) => channel.WriteError(error, job.Label), ct).ConfigureAwait(false);
                });
            }
            base.EndProcessing();
        }

        /// <summary>
        /// Publishes one synced dataset when -PublishConnectionString is given. The dataset is complete file by file whatever
        /// the sync's outcome, so it is published even after a failed item; a folder the sync never created is skipped. A publish
        /// failure is its own error record and never hides the sync's result.
        /// </summary>
        private async System.Threading.Tasks.Task<List<PublishResult>> PublishAsync(string folder, PipelineChannel channel, System.Threading.CancellationToken cancellationToken)
        {
            var results = new List<PublishResult>();
            if (PublishConnectionString == null || !System.IO.Directory.Exists(System.IO.Path.Combine(folder, SyncDataset.StateFolderName))) return results;
            try
            {
                await DatasetPublisher.PublishAsync(new PublishOptions
                {
                    Path = folder,
                    ConnectionString = PublishConnectionString,
                    UserName = PublishCredential?.UserName,
                    Password = PublishCredential != null ? SecretText.Reveal(PublishCredential.Password) : null,
                    ReportError = channel.WriteError,
                    WriteResult = result => { lock (results) results.Add(result); },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (SportsDataException ex)
            {
                channel.WriteError(ex.ParameterName == "ConnectionString" || ex.ParameterName == "Credential" ? ForThisCommand(ex) : ex, folder);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                channel.WriteError(ex, folder);
            }
            return results;
        }

        /// <summary>A publish failure about the database, naming this command's parameters (-PublishConnectionString, -PublishCredential).</summary>
        private static SportsDataException ForThisCommand(SportsDataException ex) =>
            new SportsDataException(ex.ErrorId, ex.Kind, ex.Message.Replace("-ConnectionString", "-PublishConnectionString").Replace("-Credential", "-PublishCredential"), null)
            {
                ParameterName = "Publish" + ex.ParameterName,
                Target = ex.Target,
            };

        private SportsDataSyncOptions Options(SportsDataConnection connection, PipelineChannel channel, bool preview) =>
            SyncCommand.Wire(new SportsDataSyncOptions
            {
                Account = connection.Name,
                Encoding = Encoding,
                Format = Format,
                Since = Since,
                Lookback = Lookback,
                SampleTypes = SyncPolarTeamPro.Combine(SampleType),
                IncludeRRIntervals = IncludeRRIntervals,
                IncludeIndividualSessions = IncludeIndividualSessions,
                ThrottleLimit = ThrottleLimit,
                IncludeIKData = IncludeIKData,
                RecheckMissingReports = RecheckMissingReports,
                IncludeVideos = IncludeVideos,
            }, channel, preview);

        private static string Label(SyncVendor vendor, SportsDataConnection connection) =>
            vendor.Name + (connection.Name != null ? " '" + connection.Name + "'" : string.Empty);

        /// <summary>The connections to sync in <see cref="SyncVendor.All"/>'s order, then by name, from -Connection or this session's.</summary>
        private List<(SyncVendor Vendor, SportsDataConnection Connection)> Jobs()
        {
            List<SportsDataConnection> connections = _connections.Count > 0 ? _connections.Distinct().ToList() : ConnectionRegistry.SessionConnections().ToList();
            if (connections.Count == 0)
            {
                ThrowFailure(new SportsDataException(ErrorIds.SportsDataNotConnected, FailureKind.NotConnected,
                    "No vendor is connected in this session. Connect first (Connect-PolarTeamPro, Connect-Valor, Connect-Aikynetix; -Sandbox to try the demo data), or pass -Connection.")
                { ParameterName = "Connection" }, null);
            }
            var duplicate = connections.GroupBy(c => (c.GetType(), c.Name ?? string.Empty)).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                string name = duplicate.Key.Item2.Length == 0 ? "no -Name" : $"the -Name '{duplicate.Key.Item2}'";
                ThrowFailure(SportsDataException.InvalidArgument("Connection",
                    $"-Connection has {duplicate.Count()} {duplicate.First().Vendor} connections with {name}; each syncs into its own folder, so give each its own name when connecting (-Name men, -Name women)."), null);
            }
            var jobs = new List<(SyncVendor, SportsDataConnection)>();
            foreach (SportsDataConnection connection in connections)
            {
                SyncVendor? vendor = SyncVendor.Of(connection);
                string label = vendor != null ? Label(vendor, connection) : connection.Vendor;
                if (connection.IsDisconnected)
                {
                    WriteError(ErrorRecords.From(new SportsDataException(connection.Vendor + ".NotConnected", FailureKind.NotConnected,
                        $"The {label} connection has been closed; it is skipped. Connect again to sync it.") { ParameterName = "Connection" }, label));
                }
                else if (vendor == null) WriteWarning($"Sync-SportsData cannot sync {connection.Vendor} connections; skipped.");
                else jobs.Add((vendor, connection));
            }
            return jobs.OrderBy(j => j.Item1.Order).ThenBy(j => j.Item2.Name ?? string.Empty, StringComparer.OrdinalIgnoreCase).ToList();
        }
    }
}
