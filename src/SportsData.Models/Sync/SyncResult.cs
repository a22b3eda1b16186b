using System;

namespace SportsData.Sync
{
    /// <summary>
    /// What one sync run did: one object per run (Sync-PolarTeamPro, Sync-Valor, Sync-ManagedSession, Sync-SportsData).
    /// Counts are of the vendor's items the run looked at (team sessions for Polar, sessions for Valor and AiKYNETIX).
    /// </summary>
    public class SyncResult
    {
        /// <summary>"Polar", "Valor" or "Aikynetix".</summary>
        public string Vendor { get; set; } = string.Empty;

        /// <summary>The account (connection name) synced, when the connection has one; null otherwise.</summary>
        public string? Account { get; set; }

        /// <summary>Full path of the dataset folder.</summary>
        public string Path { get; set; } = string.Empty;

        /// <summary>Items stored for the first time.</summary>
        public int New { get; set; }

        /// <summary>Items stored before whose version (modified time or content) changed, fetched again and replaced.</summary>
        public int Changed { get; set; }

        /// <summary>Items listed and already stored in the same version: not fetched.</summary>
        public int Unchanged { get; set; }

        /// <summary>Items gone from the vendor's listing, kept and marked with deleted_at in this run.</summary>
        public int Deleted { get; set; }

        /// <summary>Items that failed (each also written as a non-terminating error); the next run fetches them again.</summary>
        public int Failed { get; set; }

        /// <summary>Data rows written to data files (samples, IK data) in this run.</summary>
        public long Rows { get; set; }

        /// <summary>Data files and tables written (created or replaced) in this run.</summary>
        public int Files { get; set; }

        /// <summary>Bytes written to data files and tables in this run.</summary>
        public long Bytes { get; set; }

        /// <summary>HTTP requests sent in this run, retries included.</summary>
        public long Requests { get; set; }

        /// <summary>Requests that were repeated after a transient failure (5xx, 429, dropped connection).</summary>
        public long Retries { get; set; }

        public DateTime StartTime { get; set; }

        public DateTime EndTime { get; set; }

        public TimeSpan Duration => EndTime - StartTime;

        /// <summary><see cref="Duration"/> in seconds: a number every Excel locale reads.</summary>
        public double DurationSeconds => Durations.Seconds(Duration);

        /// <summary>True when the run was a -WhatIf preview: nothing was fetched beyond listings and nothing written.</summary>
        public bool WhatIf { get; set; }

        public override string ToString() =>
            $"{Vendor}: {New} new, {Changed} changed, {Unchanged} unchanged, {Deleted} deleted, {Failed} failed";
    }

    /// <summary>The result of Sync-PolarTeamPro. Counts are of team sessions plus individual player sessions.</summary>
    public class PolarSyncResult : SyncResult
    {
        public PolarSyncResult()
        {
            Vendor = "Polar";
        }

        /// <summary>Teams synced.</summary>
        public int Teams { get; set; }

        /// <summary>Player sessions fetched (details, samples and summaries) in this run.</summary>
        public int PlayerSessions { get; set; }
    }

    /// <summary>The result of Sync-Valor.</summary>
    public class ValorSyncResult : SyncResult
    {
        public ValorSyncResult()
        {
            Vendor = "Valor";
        }
    }

    /// <summary>The result of Sync-ManagedSession (AiKYNETIX).</summary>
    public class ManagedSessionSyncResult : SyncResult
    {
        public ManagedSessionSyncResult()
        {
            Vendor = "Aikynetix";
        }
    }
}
