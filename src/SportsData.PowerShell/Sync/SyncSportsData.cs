using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SportsData.Connections;
using SportsData.Database;
using SportsData.Sync;

namespace SportsData.PowerShell
{
    /// <summary>
    /// One command for a scheduled task: syncs every vendor connected in this session (or the -Connection objects)
    /// into its subfolder of -Path (<see cref="SyncVendor"/>: polar, valor, aikynetix), one after the other. Writes one
    /// result per vendor; a vendor that fails is a non-terminating error and the others still run. With
    /// -PublishConnectionString each vendor's dataset is published to PostgreSQL right after its sync (Publish-SportsDataset).
    /// </summary>
    [Cmdlet(VerbsData.Sync, "SportsData", SupportsShouldProcess = true)]
    [OutputType(typeof(PolarSyncResult), typeof(ValorSyncResult), typeof(ManagedSessionSyncResult), typeof(PublishResult))]
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

        /// <summary>After each vendor's sync, publish its dataset to this PostgreSQL database (see Publish-SportsDataset -ConnectionString).</summary>
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
            foreach ((SyncVendor vendor, SportsDataConnection connection) in Jobs())
            {
                string folder = System.IO.Path.Combine(root, vendor.Folder);
                if (!SyncCommand.Approve(this, folder, "Sync " + vendor.Name, out bool preview)) continue;
                var options = new SportsDataSyncOptions { Encoding = Encoding, Format = Format, IncludeRRIntervals = IncludeRRIntervals, IncludeIKData = IncludeIKData, IncludeVideos = IncludeVideos };
                Run(vendor.Name, async (channel, ct) =>
                    channel.WriteObject(await vendor.RunAsync(connection, SyncCommand.Wire(options, channel, preview), folder, ct).ConfigureAwait(false)));
                // The dataset is complete file by file whatever the sync's outcome, so it is published even after a failed item;
                // a folder the sync never created is not a dataset yet and is skipped.
                if (PublishConnectionString != null && !preview && System.IO.Directory.Exists(System.IO.Path.Combine(folder, SyncDataset.StateFolderName)))
                {
                    Run(folder, async (channel, ct) =>
                    {
                        try
                        {
                            await DatasetPublisher.PublishAsync(new PublishOptions
                            {
                                Path = folder,
                                ConnectionString = PublishConnectionString,
                                UserName = PublishCredential?.UserName,
                                Password = PublishCredential != null ? SecretText.Reveal(PublishCredential.Password) : null,
                                ReportError = channel.WriteError,
                                WriteResult = channel.WriteObject,
                            }, ct).ConfigureAwait(false);
                        }
                        catch (SportsDataException ex) when (ex.ParameterName == "ConnectionString" || ex.ParameterName == "Credential")
                        {
                            throw ForThisCommand(ex);
                        }
                    });
                }
            }
            base.EndProcessing();
        }

        /// <summary>A publish failure about the database, naming this command's parameters (-PublishConnectionString, -PublishCredential).</summary>
        private static SportsDataException ForThisCommand(SportsDataException ex) =>
            new SportsDataException(ex.ErrorId, ex.Kind, ex.Message.Replace("-ConnectionString", "-PublishConnectionString").Replace("-Credential", "-PublishCredential"), null)
            {
                ParameterName = "Publish" + ex.ParameterName,
                Target = ex.Target,
            };

        /// <summary>The vendors to sync, in <see cref="SyncVendor.All"/>'s order, from -Connection or the session defaults.</summary>
        private List<(SyncVendor Vendor, SportsDataConnection Connection)> Jobs()
        {
            List<SportsDataConnection> connections = _connections.Count > 0 ? _connections : ConnectionRegistry.GetDefaults().ToList();
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
            var jobs = new List<(SyncVendor, SportsDataConnection)>();
            foreach (SportsDataConnection connection in connections)
            {
                SyncVendor? vendor = SyncVendor.Of(connection);
                if (connection.IsDisconnected)
                {
                    WriteError(ErrorRecords.From(new SportsDataException(connection.Vendor + ".NotConnected", FailureKind.NotConnected,
                        $"The {connection.Vendor} connection has been closed; it is skipped. Connect again to sync it.") { ParameterName = "Connection" }, connection.Vendor));
                }
                else if (vendor == null) WriteWarning($"Sync-SportsData cannot sync {connection.Vendor} connections; skipped.");
                else jobs.Add((vendor, connection));
            }
            return jobs.OrderBy(j => j.Item1.Order).ToList();
        }
    }
}
