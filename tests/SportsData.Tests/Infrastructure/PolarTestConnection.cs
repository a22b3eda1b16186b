using SportsData.Connections;
using SportsData.Polar;
using SportsData.Sandbox.Polar;

namespace SportsData.Tests.Infrastructure;

public static class PolarTestConnection
{
    /// <summary>Options pointing at the simulator over loopback, with fast retries so fault tests stay quick.</summary>
    public static PolarConnectOptions Options(SimulatorServer server, Action<PolarConnectOptions>? configure = null) => new PolarConnectOptions
    {
        ApiBaseUri = server.BaseUri,
        AuthorizeUri = server.Url("oauth/authorize"),
        TokenUri = server.Url("oauth/token"),
        ClientId = PolarSimulator.DemoClientId,
        ClientSecret = PolarSimulator.DemoClientSecret,
        Retry = TestConnectOptions.FastRetry,
    }.With(configure);

    public static Task<PolarConnection> ConnectAsync(SimulatorServer server, Action<PolarConnectOptions>? configure = null) =>
        PolarConnector.ConnectWithRefreshTokenAsync(Options(server, configure), PolarSimulator.DemoRefreshToken, CancellationToken.None);

    public static PolarClient Client(this PolarConnection connection) => PolarSession.Of(connection).Client;

    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (T item in source) list.Add(item);
        return list;
    }
}
