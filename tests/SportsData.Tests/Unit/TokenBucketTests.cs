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

    [Fact]
    public async Task Concurrent_callers_never_get_more_tokens_than_the_bucket_allows()
    {
        // Real clock and threads: 4 x 6 callers at once on a bucket of 3 refilling 20 per second.
        var bucket = new TokenBucketRateLimiter(burstCapacity: 3, refillPerSecond: 20);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var granted = new System.Collections.Concurrent.ConcurrentBag<double>();
        await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(async () =>
        {
            await bucket.AcquireAsync(CancellationToken.None);
            granted.Add(clock.Elapsed.TotalSeconds);
        })));
        double[] times = granted.OrderBy(t => t).ToArray();
        Assert.Equal(24, times.Length);
        // In any window of w seconds at most 3 + 20 w tokens (plus one for timer rounding) can be granted.
        for (int i = 0; i < times.Length; i++)
        {
            for (int j = i; j < times.Length; j++)
            {
                double window = times[j] - times[i];
                Assert.True(j - i + 1 <= 3 + 20 * window + 1, $"{j - i + 1} tokens within {window:0.000} s");
            }
        }
        Assert.True(times[^1] >= (24 - 3) / 20.0 - 0.02, $"the last token came after {times[^1]:0.000} s");
    }
}
