using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using SportsData.Polar;

namespace SportsData.Sync.Polar
{
    /// <summary>What Sync-PolarTeamPro was asked to do.</summary>
    public sealed class PolarSyncOptions
    {
        /// <summary>The dataset folder (created when missing).</summary>
        public string Path { get; set; } = ".";

        /// <summary>List only sessions that start after this (local wall-clock time); null: everything.</summary>
        public DateTime? Since { get; set; }

        /// <summary>Re-list only sessions that start within this window before the newest one stored (long histories).</summary>
        public TimeSpan? Lookback { get; set; }

        /// <summary>Limit to these teams; null or empty: every team the account sees.</summary>
        public IReadOnlyCollection<string>? TeamIds { get; set; }

        /// <summary>Sample types written to the sample files; None: no sample files.</summary>
        public PolarSampleType SampleTypes { get; set; } = PolarSampleType.All;

        /// <summary>Write RR intervals to rr/&lt;team_id&gt;/&lt;date&gt;/&lt;player_session_id&gt;.csv.</summary>
        public bool IncludeRRIntervals { get; set; }

        /// <summary>Also sync the players' own (INDIVIDUAL) sessions from the rosters' player listings.</summary>
        public bool IncludeIndividualSessions { get; set; }

        /// <summary>Format of the sample files (tables are always CSV).</summary>
        public DataFormat Format { get; set; } = DataFormat.Csv;

        /// <summary>Player sessions of one team session fetched at once (default 4; 1: one after the other). The rate limiter still applies.</summary>
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>Preview: list, decide, ask <see cref="ShouldProcess"/> per item, write nothing (not even the folder).</summary>
        public bool WhatIf { get; set; }

        /// <summary>Asked before an item is fetched and written: (target, action) -> go ahead. Null: always.</summary>
        public Func<string, string, Task<bool>>? ShouldProcess { get; set; }

        /// <summary>Receives each failed item (a non-terminating error): the exception and the item's id.</summary>
        public Action<Exception, object?>? ReportError { get; set; }

        /// <summary>When tables and state are checkpointed; null: the default policy.</summary>
        public SyncCheckpointPolicy? Checkpoint { get; set; }

        /// <summary>Test hook: see <see cref="SyncCommitter.BeforeWrite"/>.</summary>
        public Action<string>? BeforeWrite { get; set; }
    }
}
