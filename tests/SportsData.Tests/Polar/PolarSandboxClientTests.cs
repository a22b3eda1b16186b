using System.Net;
using SportsData.Connections;
using SportsData.Http;
using SportsData.Polar;
using SportsData.Sandbox;
using SportsData.Sandbox.Polar;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Polar;

/// <summary>
/// Named sandbox accounts (Connect-PolarTeamPro -Sandbox -Name men / -Name women) sign in with demo clients of their own,
/// so each has its own rate limit, in the client and in the simulator, as two real Polar clients would.
/// </summary>
public class PolarSandboxClientTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    // The process keeps one limiter per API, client id and limit, so every test uses account names of its own.
    private static string Unique(string account) => account + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

    private static Task<PolarConnection> ConnectAsync(SandboxWorld world, string? account, int burst, double perSecond)
    {
        var options = new PolarConnectOptions { RateLimitBurst = burst, RateLimitPerSecond = perSecond, Retry = new RetrySettings { MaxRetryAttempts = 0 } };
        options.UseSandbox(world, account);
        return PolarConnector.ConnectSandboxAsync(options, PolarSimulator.DemoRefreshToken, None);
    }

    private static TokenBucketRateLimiter Limiter(PolarConnection connection) => PolarSession.Of(connection).Transport.Options.RateLimiter!;

    private static async Task<int> TeamCountAsync(PolarConnection connection, CancellationToken cancellationToken) =>
        (await connection.Client().GetTeamsAsync(new PagingOptions(100), cancellationToken).ToListAsync()).Count;

    [Fact]
    public async Task Each_named_sandbox_connection_has_its_own_demo_client_and_limiter_and_the_unnamed_one_keeps_the_demo_client()
    {
        var world = new SandboxWorld(new SandboxOptions { AnchorDate = TestData.AnchorDate });
        string men = Unique("men"), women = Unique("women");
        using var unnamed = await ConnectAsync(world, null, 100, 1);
        using var menConnection = await ConnectAsync(world, men, 100, 1);
        using var womenConnection = await ConnectAsync(world, women, 100, 1);
        using var menAgain = await ConnectAsync(world, men, 100, 1);

        Assert.Equal(PolarSimulator.DemoClientId, unnamed.ClientId);
        Assert.Equal("sportsdata-sandbox", unnamed.ClientId); // datasets, scripts and docs name it
        Assert.Equal(PolarSimulator.DemoClientId + "-" + men, menConnection.ClientId);
        Assert.Equal(PolarSimulator.DemoClientId + "-" + women, womenConnection.ClientId);
        Assert.All(new[] { unnamed, menConnection, womenConnection }, c => Assert.Equal("Sandbox", c.AuthenticationMethod));

        Assert.NotSame(Limiter(menConnection), Limiter(womenConnection));
        Assert.NotSame(Limiter(unnamed), Limiter(menConnection));
        Assert.Same(Limiter(menConnection), Limiter(menAgain)); // one client, one bucket: Polar limits per client

        // The simulator's OAuth server knows only demo clients: any other client id is refused.
        var stranger = new PolarConnectOptions { Retry = new RetrySettings { MaxRetryAttempts = 0 } };
        stranger.UseSandbox(world, men);
        stranger.ClientId = "someone-else";
        var refused = await Assert.ThrowsAnyAsync<SportsDataException>(() => PolarConnector.ConnectSandboxAsync(stranger, PolarSimulator.DemoRefreshToken, None));
        Assert.DoesNotContain(PolarSimulator.DemoClientSecret, refused.ToString());
        Assert.Throws<ArgumentException>(() => PolarSimulator.DemoClientIdFor("a/b"));
    }

    [Fact]
    public async Task Draining_one_named_sandbox_accounts_burst_does_not_slow_or_limit_the_other()
    {
        // Server and client: a burst of 3, then one request per 1000 s.
        var world = new SandboxWorld(new SandboxOptions { AnchorDate = TestData.AnchorDate, PolarBurstCapacity = 3, PolarRefillPerSecond = 0.001 });
        string men = Unique("men"), women = Unique("women");
        using var menConnection = await ConnectAsync(world, men, 3, 0.001);
        using var womenConnection = await ConnectAsync(world, women, 3, 0.001);

        for (int i = 0; i < 3; i++) Assert.Equal(2, await TeamCountAsync(menConnection, None));
        // The men's client-side bucket is empty: its next request waits (cut short here) ...
        using (var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TeamCountAsync(menConnection, shortWait.Token));
        }

        // ... while the women's connection has its whole burst, on the client and on the server (one 429 would fail it: no retries).
        using (var generous = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            for (int i = 0; i < 3; i++) Assert.Equal(2, await TeamCountAsync(womenConnection, generous.Token));
        }
        Assert.Equal(0, world.Polar.RateLimitedCount);

        // The simulator's bucket of the men's client really is empty: a men's connection with no client-side limit to speak of gets a 429.
        using var menUnlimited = await ConnectAsync(world, men, 1000, 1000);
        var limited = await Assert.ThrowsAsync<ApiException>(() => TeamCountAsync(menUnlimited, None));
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal(1, world.Polar.RateLimitedCount);
    }
}
