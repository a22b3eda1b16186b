using System;

namespace SportsData.Sync
{
    /// <summary>How a sync run ended, as its dataset's run log tells it.</summary>
    public enum SyncRunOutcome
    {
        /// <summary>The run finished and every item was stored.</summary>
        Completed,

        /// <summary>The run finished; some items failed (each was reported as an error) and the next run fetches them again.</summary>
        CompletedWithErrors,

        /// <summary>
        /// The run stopped before finishing: an error stopped it, or its process was killed or crashed (then
        /// <see cref="SyncRunRecord.Killed"/> is true). What it had checkpointed is kept; the next run continues from there.
        /// </summary>
        Failed,

        /// <summary>The run has started and its process is still running.</summary>
        Running,
    }

    /// <summary>
    /// One sync run of one dataset folder, read from its run log (<c>.sportsdata/runs.jsonl</c>) by
    /// Get-SportsDataSyncHistory. Counts are those of <see cref="SyncResult"/>; a run that never logged its end
    /// (killed, or still running) has no end time and zero counts.
    /// </summary>
    public sealed class SyncRunRecord
    {
        /// <summary>"Polar", "Valor" or "Aikynetix".</summary>
        public string Vendor { get; set; } = string.Empty;

        /// <summary>The account (connection name) the run synced, when it was given one; otherwise null.</summary>
        public string? Account { get; set; }

        /// <summary>Full path of the dataset folder.</summary>
        public string Path { get; set; } = string.Empty;

        /// <summary>Identifies the run in the log (its start and end lines share it); null for runs logged before runs had ids.</summary>
        public string? RunId { get; set; }

        public DateTime StartTime { get; set; }

        /// <summary>When the run ended; null for a run that is still running or never logged its end (killed).</summary>
        public DateTime? EndTime { get; set; }

        public TimeSpan? Duration => EndTime - StartTime;

        /// <summary><see cref="Duration"/> in seconds: a number every Excel locale reads; null when the run has no end.</summary>
        public double? DurationSeconds => Durations.Seconds(Duration);

        public SyncRunOutcome Outcome { get; set; }

        /// <summary>True when the run's process ended without logging the end of the run (killed, crashed, power lost).</summary>
        public bool Killed { get; set; }

        /// <summary>True for <see cref="SyncRunOutcome.Completed"/>: the run finished with no error.</summary>
        public bool Succeeded => Outcome == SyncRunOutcome.Completed;

        public int New { get; set; }

        public int Changed { get; set; }

        public int Unchanged { get; set; }

        public int Deleted { get; set; }

        /// <summary>Items that failed in the run (the next run fetches them again).</summary>
        public int Failed { get; set; }

        public long Rows { get; set; }

        public int Files { get; set; }

        public long Bytes { get; set; }

        /// <summary>HTTP requests the run sent, retries included.</summary>
        public long Requests { get; set; }

        public long Retries { get; set; }

        /// <summary>Errors the run reported: failed items, plus one for the failure that stopped a failed run.</summary>
        public int Errors { get; set; }

        /// <summary>The process that ran the sync (from its start line), when known.</summary>
        public int? ProcessId { get; set; }

        /// <summary>The computer that ran the sync (from its start line), when known.</summary>
        public string? ComputerName { get; set; }

        /// <summary>Why a run is marked as it is when the log alone does not say (killed, or running elsewhere).</summary>
        public string? Message { get; set; }

        public override string ToString() =>
            $"{Vendor}{(Account != null ? " " + Account : string.Empty)} {StartTime:u}: {Outcome}{(Killed ? " (killed)" : string.Empty)}";
    }
}
