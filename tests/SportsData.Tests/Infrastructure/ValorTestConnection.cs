using System.Net;
using SportsData.Connections;
using SportsData.Http;
using SportsData.Sandbox.Valor;
using SportsData.Valor;

namespace SportsData.Tests.Infrastructure;

public static class ValorTestConnection
{
    /// <summary>Options pointing at the simulator's Valor API and Cognito over loopback, with fast retries.</summary>
    public static ValorConnectOptions Options(SimulatorServer server, Action<ValorConnectOptions>? configure = null) => new ValorConnectOptions
    {
        ApiBaseUri = server.Url("production/"),
        CognitoEndpoint = server.BaseUri,
        ClientId = CognitoSimulator.DemoClientId,
        Retry = TestConnectOptions.FastRetry,
    }.With(configure);

    public static NetworkCredential DemoCredential => new(CognitoSimulator.DemoUserName, CognitoSimulator.DemoPassword);

    public static Task<ValorConnection> ConnectAsync(SimulatorServer server, Action<ValorConnectOptions>? configure = null) =>
        ValorConnector.ConnectWithPasswordAsync(Options(server, configure), DemoCredential, CancellationToken.None);

    public static ValorClient Client(this ValorConnection connection) => ValorEngine.Of(connection).Client;

    public static IReadOnlyList<string> ValorRequests(this SimulatorServer server, string resource) =>
        server.World.RequestLog.Where(r => r.StartsWith("GET /production/" + resource, StringComparison.Ordinal)).ToList();
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class TestClock : Clock
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset UtcNow => Now;
}
