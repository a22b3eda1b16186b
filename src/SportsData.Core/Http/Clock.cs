using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.Http
{
    /// <summary>
    /// Time as the engine sees it; tests substitute their own. (Not System.TimeProvider: on netstandard2.0 that
    /// type lives in a package whose assembly is absent on .NET 8+, where PowerShell 7 runs.)
    /// </summary>
    public class Clock
    {
        public static readonly Clock System = new Clock();

        public virtual DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        /// <summary>Monotonic seconds, for measuring intervals.</summary>
        public virtual double MonotonicSeconds => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

        public virtual Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
    }
}
