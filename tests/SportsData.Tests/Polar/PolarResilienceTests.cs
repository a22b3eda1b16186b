using System.Diagnostics;
using SportsData.Http;
using SportsData.Polar;
using SportsData.Sandbox;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Polar;

/// <summary>429s, server errors, dropped connections and the real rate limit, over loopback.</summary>
public class PolarResilienceTests : SimulatorTestBase
{
    [Fact]
    public async Task Repeated_429_without_Retry_After_backs_off_and_completes_without_loss_or_duplicates()
    {
        var (server, connection) = await StartPolarAsync();
        var team = server.World.Polar.Data.Teams[0];
        var log = CapturingLog.Install();
        server.World.Faults.AddStatus("/training_sessions", 429, times: 3, body: "{\"error\":{\"status\":429,\"message\":\"Too Many Requests\"}}");

        var sessions = await connection.Client().GetTeamSessionsAsync(team.Id, null, null, new PagingOptions(30), None).ToListAsync();

        Assert.Equal(team.Sessions.Select(s => s.Id), sessions.Select(s => s.TeamSessionId));
        Assert.Equal(0, server.World.Faults.Pending);
        Assert.Equal(3, log.Lines.Count(l => l.Contains("429") && l.Contains("retrying")));
    }

    /// <summary>
    /// A server bucket of 5 with a fast refill, a client limiter of <paramref name="clientBurst"/> and
    /// <paramref name="clientPerSecond"/>, and the first team's sessions listed in pages of 10: the ids the simulator
    /// holds and the sessions the client got.
    /// </summary>
    private async Task<(SimulatorServer Server, List<string> Expected, List<PolarTeamSession> Sessions)> ListUnderTheServerLimitAsync(int clientBurst, double clientPerSecond)
    {
        var options = new SandboxOptions { AnchorDate = TestData.AnchorDate, PolarBurstCapacity = 5, PolarRefillPerSecond = 20 };
        var (server, connection) = await StartPolarAsync(options, connect: o => { o.RateLimitBurst = clientBurst; o.RateLimitPerSecond = clientPerSecond; });
        var team = server.World.Polar.Data.Teams[0];
        var sessions = await connection.Client().GetTeamSessionsAsync(team.Id, null, null, new PagingOptions(10), None).ToListAsync();
        return (server, team.Sessions.Select(s => s.Id).ToList(), sessions);
    }

    [Fact]
    public async Task The_server_rate_limit_is_survived_by_backing_off()
    {
        // A client that does not limit itself meets real 429s from the server's token bucket and must slow down
        // until every page is in.
        var (server, expected, sessions) = await ListUnderTheServerLimitAsync(clientBurst: 1000, clientPerSecond: 1000);

        Assert.Equal(expected, sessions.Select(s => s.TeamSessionId));
        Assert.True(server.World.Polar.RateLimitedCount > 0, "the test must actually hit the server's limit");
    }

    [Fact]
    public async Task The_client_limiter_keeps_under_the_server_limit()
    {
        var (server, expected, sessions) = await ListUnderTheServerLimitAsync(clientBurst: 4, clientPerSecond: 15);

        Assert.Equal(expected.Count, sessions.Count);
        Assert.Equal(0, server.World.Polar.RateLimitedCount);
    }

    [Fact]
    public async Task Retry_After_from_the_server_sets_the_delay()
    {
        var (server, connection) = await StartPolarAsync(connect: o => o.Retry.MaxDelay = TimeSpan.FromSeconds(5));
        var log = CapturingLog.Install();
        server.World.Faults.AddStatus("/v1/teams", 503, times: 1, retryAfter: "1");
        var stopwatch = Stopwatch.StartNew();
        var teams = await connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync();
        Assert.Equal(2, teams.Count);
        Assert.Contains(log.Lines, l => l.Contains("503") && l.Contains("retrying in 1.0 s"));
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(0.9), "the client waited as the server asked");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Transient_server_errors_are_retried(int status)
    {
        var (server, connection) = await StartPolarAsync();
        server.World.Faults.AddStatus("/v1/teams", status, times: 2);
        var teams = await connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync();
        Assert.Equal(2, teams.Count);
    }

    [Fact]
    public async Task A_dropped_connection_mid_response_is_retried_without_duplicating_rows()
    {
        var (server, connection) = await StartPolarAsync();
        var seed = server.World.Polar.Data.Teams[0].Sessions[0].Participants[0];
        server.World.Faults.AddDroppedConnection("/v1/training_sessions/", times: 2);
        long rows = 0;
        await foreach (var batch in connection.Client().GetSamplesAsync(seed.Id, PolarSampleType.HR, null, null, None)) rows += batch.Count;
        Assert.Equal(seed.SampleCount, rows);
        Assert.Equal(0, server.World.Faults.Pending);
    }

    [Fact]
    public async Task Retries_are_bounded_and_then_fail_with_a_specific_error()
    {
        var (server, connection) = await StartPolarAsync(connect: o => o.Retry.MaxRetryAttempts = 2);
        server.World.Faults.AddStatus("/v1/teams", 500, times: 10);
        var error = await Assert.ThrowsAsync<ApiException>(() => connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync());
        Assert.Equal("PolarApi.InternalServerError", error.ErrorId);
        Assert.Equal(FailureKind.ServerError, error.Kind);
        Assert.Equal(10 - 3, server.World.Faults.Pending);
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_is_retried()
    {
        var server = await StartServerAsync();
        using (await PolarTestConnection.ConnectAsync(server)) { } // warm up: the connection below has short attempts
        var connection = await ConnectPolarAsync(server, o => o.Retry.AttemptTimeout = TimeSpan.FromSeconds(1));
        server.World.Faults.AddDelay("/v1/teams", TimeSpan.FromSeconds(60), times: 1);
        var teams = await connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync();
        Assert.Equal(2, teams.Count);
        Assert.True(server.World.RequestLog.Count(l => l.StartsWith("GET /v1/teams")) >= 2, "the held attempt was given up and retried");
    }

    [Fact]
    public async Task The_total_time_limit_ends_the_request_with_a_timeout_error()
    {
        var server = await StartServerAsync();
        // Warm the server and the client code first: the token request of the connection below runs under the same
        // short limits, and a cold first request on a loaded machine must not be what times out.
        using (await PolarTestConnection.ConnectAsync(server)) { }
        using var connection = await ConnectPolarAsync(server, o =>
        {
            o.Retry.MaxRetryAttempts = 20;
            o.Retry.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.Retry.TotalTimeout = TimeSpan.FromSeconds(3);
        });
        server.World.Faults.AddDelay("/v1/teams", TimeSpan.FromSeconds(60), times: 30);
        var error = await Assert.ThrowsAsync<SportsDataException>(() => connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync());
        Assert.Equal("PolarApi.Timeout", error.ErrorId);
        Assert.Equal(FailureKind.Timeout, error.Kind);
        // The total limit ended it, not the attempt count: 3 s of 1 s attempts leaves most of the 21 attempts unused.
        int attempts = server.World.RequestLog.Count(l => l.StartsWith("GET /v1/teams"));
        Assert.InRange(attempts, 1, 6);
    }

    [Fact]
    public async Task Cancellation_stops_at_once_and_is_not_retried()
    {
        var (server, connection) = await StartPolarAsync();
        server.World.Faults.AddDelay("/v1/teams", TimeSpan.FromSeconds(60), times: 1);
        using var cancel = new CancellationTokenSource();
        // Cancel once the server holds the request (not after a fixed time, which a loaded machine may not reach the server in).
        server.World.RequestReceived += r => { if (r.Path.StartsWith("/v1/teams", StringComparison.Ordinal)) cancel.CancelAfter(100); };
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.Client().GetTeamsAsync(new PagingOptions(100), cancel.Token).ToListAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"cancelling took {watch.Elapsed}, the server holds the request 60 s");
        Assert.Equal(1, server.World.RequestLog.Count(l => l.StartsWith("GET /v1/teams")));
    }
}
