using SportsData.Connections;
using SportsData.Polar;
using SportsData.Sandbox;
using SportsData.Sandbox.Polar;
using SportsData.Sync;
using SportsData.Sync.Polar;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Sync;

/// <summary>
/// A simulator over loopback with a small, controllable Polar world for sync tests: the demo season lies before
/// <see cref="Since"/>, and each test adds short sessions after it, so a sync writes a handful of small files.
/// Rate limits are high on both sides so tests stay fast.
/// </summary>
public sealed class PolarSyncWorld : IAsyncDisposable
{
    public static readonly DateTime Since = TestData.AnchorDate.AddDays(1);

    private PolarSyncWorld(SimulatorServer server, PolarConnection connection)
    {
        Server = server;
        Connection = connection;
    }

    public SimulatorServer Server { get; }

    public PolarConnection Connection { get; }

    public PolarDemoData Data => Server.World.Polar.Data;

    public TeamSeed Team(int index) => Data.Teams[index];

    public static SandboxOptions FastOptions() => new() { AnchorDate = TestData.AnchorDate, PolarBurstCapacity = 1_000_000, PolarRefillPerSecond = 1_000_000 };

    /// <summary>Three team sessions over two teams (3 + 2 + 2 players, 1-2 minutes each).</summary>
    public static async Task<PolarSyncWorld> StartAsync(bool withSessions = true)
    {
        var server = await SimulatorServer.StartAsync(FastOptions());
        var connection = await ConnectAsync(server);
        var world = new PolarSyncWorld(server, connection);
        if (withSessions) AddSessions(world.Data);
        return world;
    }

    /// <summary>The three team sessions of <see cref="StartAsync"/>, added to any world's demo data.</summary>
    public static void AddSessions(PolarDemoData data)
    {
        data.AddTeamSession(data.Teams[0], Since.AddHours(17.5), TimeSpan.FromMinutes(2), 3);
        data.AddTeamSession(data.Teams[0], Since.AddDays(1).AddHours(10), TimeSpan.FromMinutes(1), 2, "MATCH");
        data.AddTeamSession(data.Teams[1], Since.AddHours(9), TimeSpan.FromMinutes(1), 2);
    }

    public static Task<PolarConnection> ConnectAsync(SimulatorServer server) =>
        PolarTestConnection.ConnectAsync(server, o => { o.RateLimitBurst = 1_000_000; o.RateLimitPerSecond = 1_000_000; });

    public PolarSyncOptions Options(string path, Action<PolarSyncOptions>? configure = null)
    {
        var options = new PolarSyncOptions { Path = path, Since = Since, IncludeRRIntervals = true, Checkpoint = new SyncCheckpointPolicy { EveryItems = 2 } };
        configure?.Invoke(options);
        return options;
    }

    public Task<PolarSyncResult> SyncAsync(string path, Action<PolarSyncOptions>? configure = null, CancellationToken cancellationToken = default) =>
        new PolarSync(Connection.Client()).RunAsync(Options(path, configure), cancellationToken);

    /// <summary>The snapshot a clean, uninterrupted run into a new folder gives for the world as it is now.</summary>
    public async Task<SortedDictionary<string, string>> CleanSnapshotAsync(Action<PolarSyncOptions>? configure = null)
    {
        using var clean = new TempFolder();
        await SyncAsync(clean.Path, configure);
        return TempFolder.Snapshot(clean.Path);
    }

    public async ValueTask DisposeAsync()
    {
        Connection.Dispose();
        await Server.DisposeAsync();
    }
}
