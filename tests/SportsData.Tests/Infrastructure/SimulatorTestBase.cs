using SportsData.Aikynetix;
using SportsData.Connections;
using SportsData.Polar;
using SportsData.Sandbox;
using SportsData.Tests.Aikynetix;
using SportsData.Valor;

namespace SportsData.Tests.Infrastructure;

/// <summary>
/// Base of the tests that talk to the simulator over loopback HTTP (after Npgsql's TestBase: one base instead of the
/// same start-up in every test). A test starts servers and connects through it; whatever it started is closed after
/// the test, newest first, so no test writes <c>await using</c> and <c>using</c> for each server and connection.
/// </summary>
public abstract class SimulatorTestBase : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;

    private readonly List<object> _owned = new();
    private SimulatorServer? _server;

    /// <summary>The first server the test started.</summary>
    protected SimulatorServer Server => _server ?? throw new InvalidOperationException("No simulator is running: call StartServerAsync first.");

    /// <summary>Starts a simulator (demo world at <see cref="TestData.AnchorDate"/> unless <paramref name="options"/> say otherwise), closed after the test.</summary>
    protected async Task<SimulatorServer> StartServerAsync(SandboxOptions? options = null, Action<SandboxWorld>? configure = null)
    {
        SimulatorServer server = await SimulatorServer.StartAsync(options, configure);
        _owned.Add(server);
        _server ??= server;
        return server;
    }

    /// <summary>A simulator and a Polar connection to it (refresh-token sign-in, fast retries).</summary>
    protected async Task<(SimulatorServer Server, PolarConnection Connection)> StartPolarAsync(SandboxOptions? options = null, Action<SandboxWorld>? configure = null, Action<PolarConnectOptions>? connect = null)
    {
        SimulatorServer server = await StartServerAsync(options, configure);
        return (server, await ConnectPolarAsync(server, connect));
    }

    /// <summary>A simulator and a Valor connection to it (demo user's password, fast retries).</summary>
    protected async Task<(SimulatorServer Server, ValorConnection Connection)> StartValorAsync(SandboxOptions? options = null, Action<SandboxWorld>? configure = null, Action<ValorConnectOptions>? connect = null)
    {
        SimulatorServer server = await StartServerAsync(options, configure);
        return (server, await ConnectValorAsync(server, connect));
    }

    /// <summary>A simulator and an AiKYNETIX connection to it (demo API key, fast retries).</summary>
    protected async Task<(SimulatorServer Server, AikynetixConnection Connection)> StartAikynetixAsync(SandboxOptions? options = null, Action<SandboxWorld>? configure = null, Action<AikynetixConnectOptions>? connect = null)
    {
        SimulatorServer server = await StartServerAsync(options, configure);
        return (server, ConnectAikynetix(server, configure: connect));
    }

    protected async Task<PolarConnection> ConnectPolarAsync(SimulatorServer server, Action<PolarConnectOptions>? configure = null) =>
        Own(await PolarTestConnection.ConnectAsync(server, configure));

    protected async Task<ValorConnection> ConnectValorAsync(SimulatorServer server, Action<ValorConnectOptions>? configure = null) =>
        Own(await ValorTestConnection.ConnectAsync(server, configure));

    protected AikynetixConnection ConnectAikynetix(SimulatorServer server, string apiKey = SportsData.Sandbox.Aikynetix.AikynetixSimulator.DemoApiKey, Action<AikynetixConnectOptions>? configure = null) =>
        Own(AikynetixTestConnection.Connect(server, apiKey, configure));

    /// <summary>Closes <paramref name="resource"/> after the test (before the servers started ahead of it).</summary>
    protected T Own<T>(T resource) where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>Closes <paramref name="resource"/> asynchronously after the test, like <see cref="Own{T}"/>.</summary>
    protected T OwnAsyncDisposable<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            switch (_owned[i])
            {
                case IAsyncDisposable asyncResource: await asyncResource.DisposeAsync(); break;
                case IDisposable resource: resource.Dispose(); break;
            }
        }
        _owned.Clear();
    }
}
