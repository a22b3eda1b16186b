using System;
using System.Diagnostics;

namespace SportsData.Sandbox
{
    /// <summary>
    /// When sessions "arrive later" in the interactive sandbox: one per interval after the world starts, up to a
    /// cap, so a sync run twice in a row finds nothing new and one run a few minutes later finds new sessions.
    /// Which sessions arrive is deterministic; only when depends on the clock. Tests leave it off and call the
    /// demo data's ArriveLater themselves.
    /// </summary>
    public sealed class LateArrivalSchedule
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();

        public LateArrivalSchedule(TimeSpan interval, int maximum)
        {
            if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval));
            Interval = interval;
            Maximum = maximum;
        }

        public TimeSpan Interval { get; }

        public int Maximum { get; }

        /// <summary>How many arrivals are due by now (whole intervals elapsed, capped).</summary>
        public int Due => (int)Math.Min(Maximum, _since.Elapsed.Ticks / Interval.Ticks);
    }
}
