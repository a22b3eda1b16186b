using System;
using System.Diagnostics;

namespace SportsData.Sandbox
{
    /// <summary>
    /// When sessions "arrive later" in the interactive sandbox: one per <see cref="SandboxOptions.LateArrivalInterval"/>
    /// after the world starts, up to a cap, so a sync run twice in a row finds nothing new and one run a few minutes
    /// later finds new sessions. Which sessions arrive is deterministic; only when depends on the clock. The interval
    /// is read at every request, so it can be switched off (null) after the world was created, as the module's tests do.
    /// </summary>
    public sealed class LateArrivalSchedule
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private readonly SandboxOptions _options;

        public LateArrivalSchedule(SandboxOptions options, int maximum)
        {
            _options = options;
            Maximum = maximum;
        }

        public int Maximum { get; }

        /// <summary>How many arrivals are due by now (whole intervals elapsed, capped); 0 when arrivals are off.</summary>
        public int Due
        {
            get
            {
                TimeSpan? interval = _options.LateArrivalInterval;
                if (interval == null || interval.Value <= TimeSpan.Zero) return 0;
                return (int)Math.Min(Maximum, _since.Elapsed.Ticks / interval.Value.Ticks);
            }
        }
    }
}
