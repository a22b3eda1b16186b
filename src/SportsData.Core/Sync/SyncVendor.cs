using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Aikynetix;
using SportsData.Connections;
using SportsData.Polar;
using SportsData.Sync.Aikynetix;
using SportsData.Sync.Polar;
using SportsData.Sync.Valor;
using SportsData.Valor;

namespace SportsData.Sync
{
    /// <summary>
    /// What <c>Sync-SportsData</c> takes for every vendor: the dataset root, and the options that make sense across
    /// vendors (each vendor uses the ones it has). The vendor's own sync runs with these in its subfolder.
    /// </summary>
    public sealed class SportsDataSyncOptions : VendorSyncOptions
    {
        /// <summary>Polar: also write RR intervals.</summary>
        public bool IncludeRRIntervals { get; set; }

        /// <summary>Polar: only sessions that start after this (local wall-clock time); null: everything.</summary>
        public DateTime? Since { get; set; }

        /// <summary>Polar: re-list only sessions within this time before the newest one stored.</summary>
        public TimeSpan? Lookback { get; set; }

        /// <summary>Polar: sample types written to the sample files; None: no sample files.</summary>
        public PolarSampleType SampleTypes { get; set; } = PolarSampleType.All;

        /// <summary>Polar: also sync the players' own (individual) sessions.</summary>
        public bool IncludeIndividualSessions { get; set; }

        /// <summary>Polar: player sessions of one team session fetched at once, per account.</summary>
        public int ThrottleLimit { get; set; } = Defaults.SyncThrottleLimit;

        /// <summary>Valor: ask again for reports stored as "no report".</summary>
        public bool RecheckMissingReports { get; set; }

        /// <summary>Valor: also store each session's IK data.</summary>
        public bool IncludeIKData { get; set; }

        /// <summary>AiKYNETIX: also download analyzed videos.</summary>
        public bool IncludeVideos { get; set; }

        /// <summary>The shared settings copied onto a vendor's own options, for the dataset folder <paramref name="folder"/>.</summary>
        internal T For<T>(T options, string folder) where T : VendorSyncOptions
        {
            options.Path = folder;
            options.Account = Account;
            options.Encoding = Encoding;
            options.WhatIf = WhatIf;
            options.ShouldProcess = ShouldProcess;
            options.ReportError = ReportError;
            options.Checkpoint = Checkpoint;
            options.BeforeWrite = BeforeWrite;
            return options;
        }
    }

    /// <summary>
    /// The vendors <c>Sync-SportsData</c> syncs, in a fixed order, each connection into its own subfolder of the root
    /// (<c>polar</c>, <c>valor</c>, <c>aikynetix</c>; <c>polar-men</c> for a connection named "men"), and how one
    /// connection of the vendor is synced. A new vendor is one
    /// more entry here and an <see cref="ISyncAdapter"/>.
    /// </summary>
    public sealed class SyncVendor
    {
        private readonly Type _connectionType;
        private readonly Func<SportsDataConnection, SportsDataSyncOptions, string, CancellationToken, Task<SyncResult>> _run;

        private SyncVendor(string name, string folder, Type connectionType, Func<SportsDataConnection, SportsDataSyncOptions, string, CancellationToken, Task<SyncResult>> run)
        {
            Name = name;
            Folder = folder;
            _connectionType = connectionType;
            _run = run;
        }

        /// <summary>Every vendor, in the order Sync-SportsData runs them.</summary>
        public static IReadOnlyList<SyncVendor> All { get; } = new[]
        {
            new SyncVendor("Polar", "polar", typeof(PolarConnection), async (c, o, folder, ct) =>
                await new PolarSync(PolarSession.Of((PolarConnection)c).Client).RunAsync(o.For(new PolarSyncOptions
                {
                    Format = o.Format,
                    IncludeRRIntervals = o.IncludeRRIntervals,
                    Since = o.Since,
                    Lookback = o.Lookback,
                    SampleTypes = o.SampleTypes,
                    IncludeIndividualSessions = o.IncludeIndividualSessions,
                    ThrottleLimit = o.ThrottleLimit,
                }, folder), ct).ConfigureAwait(false)),
            new SyncVendor("Valor", "valor", typeof(ValorConnection), async (c, o, folder, ct) =>
                await ValorSync.RunAsync(ValorEngine.Of((ValorConnection)c).Client, o.For(new ValorSyncOptions { IncludeIKData = o.IncludeIKData, RecheckMissingReports = o.RecheckMissingReports, Format = o.Format == DataFormat.Parquet ? DataFormat.Csv : o.Format }, folder), ct).ConfigureAwait(false)),
            new SyncVendor("AiKYNETIX", "aikynetix", typeof(AikynetixConnection), async (c, o, folder, ct) =>
                await ManagedSessionSync.RunAsync(AikynetixEngine.Of((AikynetixConnection)c).Client, o.For(new ManagedSessionSyncOptions { IncludeVideos = o.IncludeVideos }, folder), ct).ConfigureAwait(false)),
        };

        /// <summary>"Polar", "Valor", "AiKYNETIX".</summary>
        public string Name { get; }

        /// <summary>The vendor's subfolder of a Sync-SportsData root.</summary>
        public string Folder { get; }

        /// <summary>The subfolder of <paramref name="connection"/>: the vendor's, or &lt;vendor&gt;-&lt;name&gt; for a named connection.</summary>
        public string FolderOf(SportsDataConnection connection) => connection.Name == null ? Folder : Folder + "-" + connection.Name;

        /// <summary>The vendor of <paramref name="connection"/>, or null when Sync-SportsData cannot sync it.</summary>
        public static SyncVendor? Of(SportsDataConnection connection) => All.FirstOrDefault(v => v._connectionType.IsInstanceOfType(connection));

        /// <summary>Position in <see cref="All"/> (the order runs and results come in).</summary>
        public int Order => Array.IndexOf((SyncVendor[])All, this);

        /// <summary>Syncs <paramref name="connection"/> into <paramref name="folder"/> with the shared <paramref name="options"/>.</summary>
        public Task<SyncResult> RunAsync(SportsDataConnection connection, SportsDataSyncOptions options, string folder, CancellationToken cancellationToken) =>
            _run(connection, options, folder, cancellationToken);
    }
}
