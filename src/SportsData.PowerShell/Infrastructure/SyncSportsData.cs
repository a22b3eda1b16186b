using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Aikynetix;
using SportsData.Connections;
using SportsData.Sync;
using SportsData.Polar;
using SportsData.PowerShell.Polar;
using SportsData.Sync.Aikynetix;
using SportsData.Sync.Polar;
using SportsData.Sync.Valor;
using SportsData.Valor;

namespace SportsData.PowerShell
{
    /// <summary>
    /// One command for a scheduled task: syncs every connection made in this session (or the -Connection objects)
    /// at the same time, each into its own subfolder of -Path: polar, valor, aikynetix for unnamed connections and
    /// &lt;vendor&gt;-&lt;name&gt; for named ones (Connect-* -Name). Writes one result per connection as each finishes; a
    /// connection that fails is a non-terminating error and the others go on.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "SportsData", SupportsShouldProcess = true)]
    [OutputType(typeof(PolarSyncResult), typeof(ValorSyncResult), typeof(ManagedSessionSyncResult))]
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

        protected override void ProcessRecord()
        {
            if (Connection != null) _connections.AddRange(Connection);
        }

        protected override void EndProcessing()
        {
            string root = SyncCommand.DatasetPath(this, Path);
            var approved = new List<(SportsDataConnection Connection, string Folder, bool Preview)>();
            foreach (SportsDataConnection connection in Connections())
            {
                string folder = System.IO.Path.Combine(root, FolderName(connection));
                if (SyncCommand.Approve(this, folder, "Sync " + Label(connection), out bool preview)) approved.Add((connection, folder, preview));
            }
            if (approved.Count > 0)
            {
                Run(null, async (channel, ct) =>
                {
                    List<SyncJob> jobs = approved.Select(a => new SyncJob(DisplayVendor(a.Connection), a.Connection.Name, a.Folder,
                        token => RunAsync(a.Connection, a.Folder, a.Preview, channel, token))).ToList();
                    await ConcurrentSync.RunAsync(jobs, channel,
                        (job, result) => channel.WriteObject(result),
                        (job, error) => channel.WriteError(error, job.Label),
                        ct).ConfigureAwait(false);
                });
            }
            base.EndProcessing();
        }

        /// <summary>The connections to sync, in a fixed order (vendor, then name), from -Connection or this session's.</summary>
        private List<SportsDataConnection> Connections()
        {
            List<SportsDataConnection> connections = _connections.Count > 0 ? _connections.Distinct().ToList() : ConnectionRegistry.SessionConnections().ToList();
            if (connections.Count == 0)
            {
                ThrowFailure(new SportsDataException("SportsData.NotConnected", FailureKind.NotConnected,
                    "No vendor is connected in this session. Connect first (Connect-PolarTeamPro, Connect-Valor, Connect-Aikynetix; -Sandbox to try the demo data), or pass -Connection.")
                { ParameterName = "Connection" }, null);
            }
            var duplicate = connections.GroupBy(c => (c.GetType(), c.Name ?? string.Empty)).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                string name = duplicate.Key.Item2.Length == 0 ? "no -Name" : $"the -Name '{duplicate.Key.Item2}'";
                ThrowFailure(SportsDataException.InvalidArgument("Connection",
                    $"-Connection has {duplicate.Count()} {duplicate.First().Vendor} connections with {name}; each syncs into its own folder, so give each its own name (Connect-{ConnectNoun(duplicate.First())} -Name men / -Name women)."), null);
            }
            var usable = new List<SportsDataConnection>();
            foreach (SportsDataConnection connection in connections)
            {
                if (connection.IsDisconnected)
                {
                    WriteError(ErrorRecords.From(new SportsDataException(connection.Vendor + ".NotConnected", FailureKind.NotConnected,
                        $"The {Label(connection)} connection has been closed; it is skipped. Connect again to sync it.") { ParameterName = "Connection" }, Label(connection)));
                    continue;
                }
                if (Order(connection) == int.MaxValue)
                {
                    WriteWarning($"Sync-SportsData cannot sync {connection.Vendor} connections; skipped.");
                    continue;
                }
                usable.Add(connection);
            }
            return usable.OrderBy(Order).ThenBy(c => c.Name ?? string.Empty, StringComparer.OrdinalIgnoreCase).ToList();
        }

        private static int Order(SportsDataConnection connection) => connection switch
        {
            PolarConnection _ => 1,
            ValorConnection _ => 2,
            AikynetixConnection _ => 3,
            _ => int.MaxValue,
        };

        private static string DisplayVendor(SportsDataConnection connection) => connection is AikynetixConnection ? "AiKYNETIX" : connection.Vendor;

        private static string Label(SportsDataConnection connection) =>
            DisplayVendor(connection) + (connection.Name != null ? " '" + connection.Name + "'" : string.Empty);

        private static string ConnectNoun(SportsDataConnection connection) => connection switch
        {
            PolarConnection _ => "PolarTeamPro",
            ValorConnection _ => "Valor",
            _ => "Aikynetix",
        };

        /// <summary>polar, valor, aikynetix; with a -Name, &lt;vendor&gt;-&lt;name&gt;.</summary>
        private static string FolderName(SportsDataConnection connection)
        {
            string vendor = connection switch
            {
                PolarConnection _ => "polar",
                ValorConnection _ => "valor",
                _ => "aikynetix",
            };
            return connection.Name == null ? vendor : vendor + "-" + connection.Name;
        }

        private Task<SyncResult> RunAsync(SportsDataConnection connection, string folder, bool preview, PipelineChannel channel, CancellationToken cancellationToken) => connection switch
        {
            PolarConnection polar => PolarAsync(polar, folder, preview, channel, cancellationToken),
            ValorConnection valor => ValorAsync(valor, folder, preview, channel, cancellationToken),
            AikynetixConnection aikynetix => AikynetixAsync(aikynetix, folder, preview, channel, cancellationToken),
            _ => throw new NotSupportedException(connection.Vendor),
        };

        private async Task<SyncResult> PolarAsync(PolarConnection connection, string folder, bool preview, PipelineChannel channel, CancellationToken cancellationToken)
        {
            var options = new PolarSyncOptions
            {
                Path = folder,
                Account = connection.Name,
                Format = Format,
                Since = Since,
                Lookback = Lookback,
                SampleTypes = SyncPolarTeamPro.Combine(SampleType),
                IncludeRRIntervals = IncludeRRIntervals,
                IncludeIndividualSessions = IncludeIndividualSessions,
                ThrottleLimit = ThrottleLimit,
            };
            return await new PolarSync(PolarSession.Of(connection).Client).RunAsync(SyncCommand.Wire(options, channel, preview), cancellationToken).ConfigureAwait(false);
        }

        private async Task<SyncResult> ValorAsync(ValorConnection connection, string folder, bool preview, PipelineChannel channel, CancellationToken cancellationToken)
        {
            var options = new ValorSyncOptions { Path = folder, Account = connection.Name, IncludeIKData = IncludeIKData, RecheckMissingReports = RecheckMissingReports, Format = Format == DataFormat.Parquet ? DataFormat.Csv : Format };
            return await ValorSync.RunAsync(ValorEngine.Of(connection).Client, SyncCommand.Wire(options, channel, preview), cancellationToken).ConfigureAwait(false);
        }

        private async Task<SyncResult> AikynetixAsync(AikynetixConnection connection, string folder, bool preview, PipelineChannel channel, CancellationToken cancellationToken)
        {
            var options = new ManagedSessionSyncOptions { Path = folder, Account = connection.Name, IncludeVideos = IncludeVideos };
            return await ManagedSessionSync.RunAsync(AikynetixEngine.Of(connection).Client, SyncCommand.Wire(options, channel, preview), cancellationToken).ConfigureAwait(false);
        }
    }
}
