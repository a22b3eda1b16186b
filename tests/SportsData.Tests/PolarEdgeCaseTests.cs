using SportsData.Tests.Infrastructure;

namespace SportsData.Tests;

public class PolarEdgeCaseTests : SimulatorTestBase
{
    [Fact]
    public async Task An_empty_response_body_is_an_empty_listing_not_an_error()
    {
        var (server, connection) = await StartPolarAsync();
        server.World.Faults.AddStatus("/training_sessions", 204, times: 1, body: "");
        var sessions = await connection.Client().GetTeamSessionsAsync(server.World.Polar.Data.Teams[0].Id, null, null, new SportsData.Http.PagingOptions(100), CancellationToken.None).ToListAsync();
        Assert.Empty(sessions);
    }

    [Fact]
    public async Task Requests_ask_for_json()
    {
        var server = await StartServerAsync();
        var accepts = new System.Collections.Concurrent.ConcurrentBag<string?>();
        server.World.RequestReceived += request => { if (request.Path.StartsWith("/v1/", StringComparison.Ordinal)) accepts.Add(request.Header("Accept")); };
        var connection = await ConnectPolarAsync(server);
        await connection.Client().GetTeamsAsync(new SportsData.Http.PagingOptions(100), CancellationToken.None).ToListAsync();
        Assert.NotEmpty(accepts);
        Assert.All(accepts, accept => Assert.Contains("application/json", accept));
    }
}
