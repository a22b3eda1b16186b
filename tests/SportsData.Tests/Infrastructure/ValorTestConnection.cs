using System.Net;
using SportsData.Connections;
using SportsData.Http;
using SportsData.Sandbox.Valor;
using SportsData.Valor;

namespace SportsData.Tests.Infrastructure;

public static class ValorTestConnection
{
    /// <summary>Options pointing at the simulator's Valor API and Cognito over loopback, with fast retries.</summary>
    public static ValorConnectOptions Options(SimulatorServer server, Action<ValorConnectOptions>? configure = null)
    {
        var options = new ValorConnectOptions
        {
            ApiBaseUri = server.Url("production/"),
            CognitoEndpoint = server.BaseUri,
            ClientId = CognitoSimulator.DemoClientId,
            Retry = new RetrySettings { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromSeconds(2), AttemptTimeout = TimeSpan.FromSeconds(20), TotalTimeout = TimeSpan.FromSeconds(60) },
        };
        configure?.Invoke(options);
        return options;
    }

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

/// <summary>Collects what the engine writes to verbose/debug/warning.</summary>
public sealed class CapturingLog : IRequestLog
{
    private readonly List<string> _lines = new();

    public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }

    public IReadOnlyList<string> Warnings { get { lock (_lines) return _lines.Where(l => l.StartsWith("WARNING: ", StringComparison.Ordinal)).ToList(); } }

    public string Text => string.Join("\n", Lines);

    public void Verbose(string message) { lock (_lines) _lines.Add(message); }

    public void Debug(string message) { lock (_lines) _lines.Add("DEBUG: " + message); }

    public void Warning(string message) { lock (_lines) _lines.Add("WARNING: " + message); }

    public void Progress(string activity, string status, long done, long? total) { }

    public static CapturingLog Install()
    {
        var log = new CapturingLog();
        RequestLog.Current = log;
        return log;
    }
}
