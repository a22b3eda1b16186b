using SportsData.Http;

namespace SportsData.Tests.Unit;

public class TokenBucketTests
{
    private sealed class ManualClock : Clock
    {
        public double Now;
        public readonly List<TimeSpan> Delays = new();
        public override double MonotonicSeconds => Now;
        public override Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            Delays.Add(delay);
            Now += delay.TotalSeconds;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_full_bucket_bursts_then_waits_for_the_refill()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucketRateLimiter(burstCapacity: 100, refillPerSecond: 1, clock);
        for (int i = 0; i < 100; i++) await bucket.AcquireAsync(CancellationToken.None);
        Assert.Empty(clock.Delays);
        await bucket.AcquireAsync(CancellationToken.None);
        Assert.Single(clock.Delays);
        Assert.Equal(1.0, clock.Delays[0].TotalSeconds, 3);
    }

    [Fact]
    public async Task Refills_at_the_configured_rate_up_to_the_capacity()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucketRateLimiter(burstCapacity: 10, refillPerSecond: 2, clock);
        for (int i = 0; i < 10; i++) await bucket.AcquireAsync(CancellationToken.None);
        clock.Now += 2.5;
        Assert.Equal(5, bucket.AvailableTokens, 3);
        clock.Now += 100;
        Assert.Equal(10, bucket.AvailableTokens, 3);
    }

    [Fact]
    public async Task A_429_drains_the_bucket_so_the_next_request_waits()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucketRateLimiter(burstCapacity: 100, refillPerSecond: 1, clock);
        bucket.Drain();
        await bucket.AcquireAsync(CancellationToken.None);
        Assert.Single(clock.Delays);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(10, 0.0)]
    public void Bad_settings_are_rejected(int capacity, double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucketRateLimiter(capacity, rate));
    }

    /// <summary>Time that moves only when the test says so; every Delay waits for the next step. Thread-safe.</summary>
    private sealed class SteppedClock : Clock
    {
        private readonly object _gate = new();
        private readonly List<TaskCompletionSource> _waiting = new();
        private double _now;
        public override double MonotonicSeconds { get { lock (_gate) return _now; } }
        public int Waiting { get { lock (_gate) return _waiting.Count; } }
        public override Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            var step = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate) _waiting.Add(step);
            return step.Task;
        }
        public void Advance(double seconds)
        {
            TaskCompletionSource[] woken;
            lock (_gate) { _now += seconds; woken = _waiting.ToArray(); _waiting.Clear(); }
            foreach (TaskCompletionSource step in woken) step.SetResult();
        }
    }

    [Fact]
    public async Task Concurrent_callers_never_get_more_tokens_than_the_bucket_allows()
    {
        // Real threads racing for the bucket, but time only moves in steps the test makes, so the count of tokens
        // granted after each step is exact however loaded the machine is. (Steps of 1/16 s at 16 per second: 1 token
        // each, exactly, in binary floating point.)
        const int callers = 24;
        var clock = new SteppedClock();
        var bucket = new TokenBucketRateLimiter(burstCapacity: 3, refillPerSecond: 16, clock);
        int granted = 0;
        Task all = Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            await bucket.AcquireAsync(CancellationToken.None);
            Interlocked.Increment(ref granted);
        })));
        // Settled: every caller either has its token or waits for the clock again.
        async Task<int> Settled()
        {
            var deadline = System.Diagnostics.Stopwatch.StartNew();
            while (Volatile.Read(ref granted) + clock.Waiting != callers)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"callers never settled: {granted} granted, {clock.Waiting} waiting");
                await Task.Delay(5);
            }
            return Volatile.Read(ref granted);
        }

        Assert.Equal(3, await Settled());           // the burst
        clock.Advance(1 / 16.0);
        Assert.Equal(4, await Settled());           // one refill, one token
        clock.Advance(2 / 16.0);
        Assert.Equal(6, await Settled());
        clock.Advance(10);
        Assert.Equal(9, await Settled());           // a long pause refills to the capacity, not beyond
        for (int expected = 10; expected <= callers; expected++)
        {
            clock.Advance(1 / 16.0);
            Assert.Equal(expected, await Settled());
        }
        await all;
    }
}
