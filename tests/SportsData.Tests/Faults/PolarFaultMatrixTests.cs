using System.Globalization;
using SportsData.Http;
using SportsData.Polar;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Faults;

/// <summary>Every fault kind × every Polar endpoint family, over loopback: the exact result, every item once.</summary>
public class PolarFaultMatrixTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<(SimulatorServer Server, SportsData.Connections.PolarConnection Connection)> StartAsync(FaultKind kind)
    {
        var server = await SimulatorServer.StartAsync();
        var connection = await PolarTestConnection.ConnectAsync(server, o =>
        {
            o.Retry = FaultMatrix.Retry(kind);
            o.RateLimitPerSecond = 50; // a 429 drains the client's bucket; refill fast so the rest of the case is quick
        });
        return (server, connection);
    }

    private static Func<int> TokenRequests(SimulatorServer server) => () => FaultMatrix.Count(server, "POST /oauth/token");

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Listing_pages(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        var team = server.World.Polar.Data.Teams[0];
        Assert.True(team.Sessions.Count > 10, "the listing must span several pages");
        // The fault hits the second page, in the middle of the listing.
        await FaultMatrix.AssertReadSurvives(server, kind, "/v1/teams/" + team.Id + "/training_sessions", 2,
            async () => (await connection.Client().GetTeamSessionsAsync(team.Id, null, null, new PagingOptions(25), None).ToListAsync()).Select(s => s.TeamSessionId).ToList(),
            TokenRequests(server));
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Details(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        var seed = server.World.Polar.Data.Teams[0].Sessions[2];
        await FaultMatrix.AssertReadSurvives(server, kind, "/v1/teams/training_sessions/" + seed.Id, 1,
            async () =>
            {
                var details = await connection.Client().GetTeamSessionAsync(seed.Id, None);
                return details.Participants.Select(p => p.PlayerSessionId + "|" + p.PlayerId).Prepend(details.TeamSessionId).ToList();
            },
            TokenRequests(server));
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Samples(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        var team = server.World.Polar.Data.Teams[0].Sessions[0];
        var first = team.Participants[0];
        var second = team.Participants[1];
        // Two player sessions in a row, the fault on the second: an export in progress.
        await FaultMatrix.AssertReadSurvives(server, kind, "/v1/training_sessions/", 2,
            async () =>
            {
                var rows = new List<string>();
                foreach (var seed in new[] { first, second })
                {
                    await foreach (var batch in connection.Client().GetSamplesAsync(seed.Id, PolarSampleType.HR | PolarSampleType.Speed, seed.Player.Id, team.Id, None))
                    {
                        rows.AddRange(batch.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.PlayerSessionId}|{s.Offset.Ticks}|{s.HeartRate}|{s.Speed}")));
                    }
                }
                Assert.Equal(first.SampleCount + second.SampleCount, rows.Count);
                return rows;
            },
            TokenRequests(server));
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Summaries(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        var team = server.World.Polar.Data.Teams[0].Sessions[1];
        await FaultMatrix.AssertReadSurvives(server, kind, "/session_summary", 3,
            async () =>
            {
                var rows = new List<string>();
                foreach (var seed in team.Participants.Take(4))
                {
                    var summary = await connection.Client().GetSessionSummaryAsync(seed.Id, seed.Player.Id, team.Id, None);
                    rows.Add(string.Create(CultureInfo.InvariantCulture, $"{summary.PlayerSessionId}|{summary.Duration}|{summary.DistanceMeters}|{summary.HeartRateAvg}"));
                }
                return rows;
            },
            TokenRequests(server));
    }
}
