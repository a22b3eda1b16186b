using SportsData.Aikynetix;
using SportsData.Connections;
using SportsData.Sandbox.Aikynetix;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Aikynetix;

public static class AikynetixTestConnection
{
    /// <summary>Options pointing at the simulator over loopback, with fast retries so fault tests stay quick.</summary>
    public static AikynetixConnectOptions Options(SimulatorServer server, Action<AikynetixConnectOptions>? configure = null) => new AikynetixConnectOptions
    {
        BaseUri = server.BaseUri,
        Retry = TestConnectOptions.FastRetry,
    }.With(configure);

    public static AikynetixConnection Connect(SimulatorServer server, string apiKey = AikynetixSimulator.DemoApiKey, Action<AikynetixConnectOptions>? configure = null) =>
        AikynetixConnector.ConnectWithApiKey(Options(server, configure), apiKey);

    public static AikynetixClient Client(this AikynetixConnection connection) => AikynetixEngine.Of(connection).Client;

    /// <summary>The filter requests the simulator received, as "GET path?query" lines.</summary>
    public static List<string> FilterRequests(this SimulatorServer server) =>
        server.World.RequestLog.Where(l => l.StartsWith("GET " + AikynetixSimulator.FilterPath, StringComparison.Ordinal)).ToList();
}
