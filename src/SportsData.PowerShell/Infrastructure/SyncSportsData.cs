using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Aikynetix;
using SportsData.Connections;
using SportsData.Sync;
using SportsData.Polar;
using SportsData.Sync.Aikynetix;
using SportsData.Sync.Polar;
using SportsData.Sync.Valor;
using SportsData.Valor;

namespace SportsData.PowerShell
{
    /// <summary>
    /// One command for a scheduled task: syncs every vendor connected in this session (or the -Connection objects)
    /// into &lt;Path&gt;/polar, &lt;Path&gt;/valor and &lt;Path&gt;/aikynetix, one after the other. Writes one result per
    /// vendor; a vendor that fails is a non-terminating error and the others still run.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "SportsData", SupportsShouldProcess = true)]
    [OutputType(typeof(PolarSyncResult), typeof(ValorSyncResult), typeof(ManagedSessionSyncResult))]
    public sealed class SyncSportsData : SportsDataCmdlet
    {
        private readonly List<SportsDataConnection> _connections = new List<SportsDataConnection>();

        /// <summary>The root folder; each vendor's dataset goes to a subfolder (polar, valor, aikynetix), created when missing.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>The connections to sync, at most one per vendor (default: the session's default connection of each vendor).</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public SportsDataConnection[]? Connection { get; set; }

        /// <summary>Csv (default) or CsvGzip for the data files (Polar samples, Valor IK data); Parquet for Polar samples only.</summary>
        [Parameter]
        public DataFormat Format { get; set; } = DataFormat.Csv;

        /// <summary>Polar: also write RR intervals (see Sync-PolarTeamPro -IncludeRRIntervals).</summary>
        [Parameter]
        public SwitchParameter IncludeRRIntervals { get; set; }

        /// <summary>Valor: also store each session's IK data.</summary>
        [Parameter]
        public SwitchParameter IncludeIKData { get; set; }

        /// <summary>AiKYNETIX: also download analyzed videos.</summary>
        [Parameter]
        public SwitchParameter IncludeVideos { get; set; }

        /// <summary>Utf8NoBom (default, the dataset contract) or Utf8Bom: every .csv file written starts with a UTF-8 byte-order mark, so Excel shows accents right when the file is double-clicked.</summary>
        [Parameter]
        public CsvEncoding Encoding { get; set; } = CsvEncoding.Utf8NoBom;

        protected override void ProcessRecord()
        {
            if (Connection != null) _connections.AddRange(Connection);
        }

        protected override void EndProcessing()
        {
            string root = SyncCommand.DatasetPath(this, Path);
            foreach (VendorJob job in Jobs())
            {
                string folder = System.IO.Path.Combine(root, job.Folder);
                if (!SyncCommand.Approve(this, folder, "Sync " + job.Vendor, out bool preview)) continue;
                Run(job.Vendor, async (channel, ct) =>
                {
                    SyncResult result = await job.RunAsync(folder, preview, channel, ct).ConfigureAwait(false);
                    channel.WriteObject(result);
                });
            }
            base.EndProcessing();
        }

        /// <summary>The vendors to sync, in a fixed order, from -Connection or the session defaults.</summary>
        private List<VendorJob> Jobs()
        {
            List<SportsDataConnection> connections = _connections.Count > 0 ? _connections : Defaults().ToList();
            if (connections.Count == 0)
            {
                ThrowFailure(new SportsDataException("SportsData.NotConnected", FailureKind.NotConnected,
                    "No vendor is connected in this session. Connect first (Connect-PolarTeamPro, Connect-Valor, Connect-Aikynetix; -Sandbox to try the demo data), or pass -Connection.")
                { ParameterName = "Connection" }, null);
            }
            var duplicate = connections.GroupBy(c => c.GetType()).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                ThrowFailure(SportsDataException.InvalidArgument("Connection",
                    $"-Connection has {duplicate.Count()} {duplicate.First().Vendor} connections; each vendor syncs into one folder, so pass one connection per vendor (or run Sync-SportsData once per connection with different -Path)."), null);
            }
            var jobs = new List<VendorJob>();
            foreach (SportsDataConnection connection in connections)
            {
                if (connection.IsDisconnected)
                {
                    WriteError(ErrorRecords.From(new SportsDataException(connection.Vendor + ".NotConnected", FailureKind.NotConnected,
                        $"The {connection.Vendor} connection has been closed; it is skipped. Connect again to sync it.") { ParameterName = "Connection" }, connection.Vendor));
                    continue;
                }
                switch (connection)
                {
                    case PolarConnection polar:
                        jobs.Add(new VendorJob("Polar", "polar", 1, (folder, preview, channel, ct) => PolarAsync(polar, folder, preview, channel, ct)));
                        break;
                    case ValorConnection valor:
                        jobs.Add(new VendorJob("Valor", "valor", 2, (folder, preview, channel, ct) => ValorAsync(valor, folder, preview, channel, ct)));
                        break;
                    case AikynetixConnection aikynetix:
                        jobs.Add(new VendorJob("AiKYNETIX", "aikynetix", 3, (folder, preview, channel, ct) => AikynetixAsync(aikynetix, folder, preview, channel, ct)));
                        break;
                    default:
                        WriteWarning($"Sync-SportsData cannot sync {connection.Vendor} connections; skipped.");
                        break;
                }
            }
            return jobs.OrderBy(j => j.Order).ToList();
        }

        private static IEnumerable<SportsDataConnection> Defaults()
        {
            SportsDataConnection?[] defaults =
            {
                ConnectionRegistry.GetDefault<PolarConnection>(),
                ConnectionRegistry.GetDefault<ValorConnection>(),
                ConnectionRegistry.GetDefault<AikynetixConnection>(),
            };
            return defaults.Where(c => c != null).Select(c => c!);
        }

        private async Task<SyncResult> PolarAsync(PolarConnection connection, string folder, bool preview, PipelineChannel channel, CancellationToken cancellationToken)
        {
            var options = new PolarSyncOptions { Encoding = Encoding, Path = folder, Format = Format, IncludeRRIntervals = IncludeRRIntervals };
            return await new PolarSync(PolarSession.Of(connection).Client).RunAsync(SyncCommand.Wire(options, channel, preview), cancellationToken).ConfigureAwait(false);
        }

        private async Task<SyncResult> ValorAsync(ValorConnection connection, string folder, bool preview, PipelineChannel channel, CancellationToken cancellationToken)
        {
            var options = new ValorSyncOptions { Encoding = Encoding, Path = folder, IncludeIKData = IncludeIKData, Format = Format == DataFormat.Parquet ? DataFormat.Csv : Format };
            return await ValorSync.RunAsync(ValorEngine.Of(connection).Client, SyncCommand.Wire(options, channel, preview), cancellationToken).ConfigureAwait(false);
        }

        private async Task<SyncResult> AikynetixAsync(AikynetixConnection connection, string folder, bool preview, PipelineChannel channel, CancellationToken cancellationToken)
        {
            var options = new ManagedSessionSyncOptions { Encoding = Encoding, Path = folder, IncludeVideos = IncludeVideos };
            return await ManagedSessionSync.RunAsync(AikynetixEngine.Of(connection).Client, SyncCommand.Wire(options, channel, preview), cancellationToken).ConfigureAwait(false);
        }

        private sealed class VendorJob
        {
            public VendorJob(string vendor, string folder, int order, Func<string, bool, PipelineChannel, CancellationToken, Task<SyncResult>> run)
            {
                Vendor = vendor;
                Folder = folder;
                Order = order;
                RunAsync = run;
            }

            public string Vendor { get; }
            public string Folder { get; }
            public int Order { get; }
            public Func<string, bool, PipelineChannel, CancellationToken, Task<SyncResult>> RunAsync { get; }
        }
    }
}
