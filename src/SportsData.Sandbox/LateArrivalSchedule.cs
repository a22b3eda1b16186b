using System;
using System.Diagnostics;

namespace SportsData.Sandbox
{
    /// <summary>
    /// When sessions "arrive later" in the interactive sandbox: the first after <c>first</c> (default: one
    /// <see cref="SandboxOptions.LateArrivalInterval"/>) from when the world starts, then one per interval, up to a cap,
    /// so a sync run twice in a row finds nothing new and one run a few minutes later finds new sessions. Which sessions
    /// arrive is deterministic; only when depends on the clock. The interval is read at every request, so it can be
    /// switched off (null) after the world was created, as the module's tests do.
    /// </summary>
    public sealed class LateArrivalSchedule
    {
        private readonly SandboxOptions _options;
        private readonly Func<TimeSpan?> _first;
        private readonly Func<TimeSpan> _elapsed;

        /// <param name="first">When the first arrival is due, read at every request (null: one interval).</param>
        /// <param name="elapsed">Time since the world started (default: a stopwatch started now).</param>
        public LateArrivalSchedule(SandboxOptions options, int maximum, Func<TimeSpan?>? first = null, Func<TimeSpan>? elapsed = null)
        {
            _options = options;
            Maximum = maximum;
            _first = first ?? (() => null);
            if (elapsed == null)
            {
                Stopwatch since = Stopwatch.StartNew();
                elapsed = () => since.Elapsed;
            }
            _elapsed = elapsed;
        }

        public int Maximum { get; }

        /// <summary>How many arrivals are due by now (whole intervals elapsed, capped); 0 when arrivals are off.</summary>
        public int Due
        {
            get
            {
                TimeSpan? interval = _options.LateArrivalInterval;
                if (interval == null || interval.Value <= TimeSpan.Zero) return 0;
                TimeSpan first = _first() ?? interval.Value;
                TimeSpan elapsed = _elapsed();
                if (elapsed < first) return 0;
                return (int)Math.Min(Maximum, 1 + (elapsed - first).Ticks / interval.Value.Ticks);
            }
        }
    }
}
