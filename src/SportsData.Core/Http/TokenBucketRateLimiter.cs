using System;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.Http
{
    /// <summary>
    /// Client-side token bucket shared by every request made through one connection.
    /// Polar documents 1 request/s with a burst bucket of 100; the defaults match that.
    /// </summary>
    public sealed class TokenBucketRateLimiter
    {
        private readonly object _gate = new object();
        private readonly Clock _time;
        private double _tokens;
        private double _lastRefill;

        public TokenBucketRateLimiter(int burstCapacity = 100, double refillPerSecond = 1.0, Clock? clock = null)
        {
            if (burstCapacity < 1) throw new ArgumentOutOfRangeException(nameof(burstCapacity), burstCapacity, "The burst capacity must be at least 1.");
            if (!(refillPerSecond > 0)) throw new ArgumentOutOfRangeException(nameof(refillPerSecond), refillPerSecond, "The refill rate must be greater than 0 requests per second.");
            BurstCapacity = burstCapacity;
            RefillPerSecond = refillPerSecond;
            _time = clock ?? Clock.System;
            _tokens = burstCapacity;
            _lastRefill = _time.MonotonicSeconds;
        }

        public int BurstCapacity { get; }

        public double RefillPerSecond { get; }

        /// <summary>Tokens available right now (fractional while refilling).</summary>
        public double AvailableTokens
        {
            get { lock (_gate) { Refill(); return _tokens; } }
        }

        /// <summary>Takes one token, waiting for the refill when the bucket is empty.</summary>
        public async Task AcquireAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    Refill();
                    if (_tokens >= 1)
                    {
                        _tokens -= 1;
                        return;
                    }
                    wait = TimeSpan.FromSeconds((1 - _tokens) / RefillPerSecond);
                }
                await DelayAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// The server said we are over its limit (HTTP 429): its bucket is empty, so ours is too.
        /// Later requests then go at the refill rate instead of bursting into more 429s.
        /// </summary>
        public void Drain()
        {
            lock (_gate)
            {
                Refill();
                _tokens = Math.Min(_tokens, 0);
            }
        }

        private void Refill()
        {
            double now = _time.MonotonicSeconds;
            double elapsedSeconds = now - _lastRefill;
            _lastRefill = now;
            if (elapsedSeconds > 0)
            {
                _tokens = Math.Min(BurstCapacity, _tokens + elapsedSeconds * RefillPerSecond);
            }
        }

        private Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken)
        {
            if (wait < TimeSpan.FromMilliseconds(1)) wait = TimeSpan.FromMilliseconds(1);
            return _time.Delay(wait, cancellationToken);
        }
    }
}
