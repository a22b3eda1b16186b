using System;
using System.Collections.Generic;
using SportsData.Polar;

namespace SportsData.Sync.Polar
{
    /// <summary>What Sync-PolarTeamPro was asked to do.</summary>
    public sealed class PolarSyncOptions : VendorSyncOptions
    {
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

        /// <summary>
        /// Also list the team-session player sessions of every roster player who has one stored in the window (one request
        /// per player and 100 sessions, in the same window as the team sessions; none on a first run) and fetch again those edited on their own: a player session's edit changes its
        /// own <c>modified</c> in the player listing only, not its team session's. Default true.
        /// </summary>
        public bool CheckPlayerEdits { get; set; } = true;

        /// <summary>Also sync the players' own (INDIVIDUAL) sessions from the rosters' player listings.</summary>
        public bool IncludeIndividualSessions { get; set; }

        /// <summary>Player sessions of one team session fetched at once (1: one after the other). The rate limiter still applies.</summary>
        public int ThrottleLimit { get; set; } = Defaults.SyncThrottleLimit;
    }
}
