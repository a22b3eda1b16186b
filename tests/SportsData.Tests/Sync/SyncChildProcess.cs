using SportsData.Sync.Polar;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Sync;

/// <summary>
/// The test assembly's entry point doubles as a sync process that tests kill: <c>dotnet SportsData.Tests.dll
/// sync-child &lt;simulator url&gt; &lt;dataset folder&gt;</c> syncs Polar from a simulator the test process serves.
/// </summary>
public static class SyncChildProcess
{
    public const string Command = "sync-child";

    public static int Main(string[] args)
    {
        if (args.Length == 3 && args[0] == Command) return RunAsync(new Uri(args[1]), args[2]).GetAwaiter().GetResult();
        Console.Error.WriteLine("Usage: dotnet SportsData.Tests.dll " + Command + " <simulator url> <dataset folder>");
        return 2;
    }

    private static async Task<int> RunAsync(Uri simulator, string folder)
    {
        var options = new SportsData.Polar.PolarConnectOptions
        {
            ApiBaseUri = simulator,
            AuthorizeUri = new Uri(simulator, "oauth/authorize"),
            TokenUri = new Uri(simulator, "oauth/token"),
            ClientId = SportsData.Sandbox.Polar.PolarSimulator.DemoClientId,
            ClientSecret = SportsData.Sandbox.Polar.PolarSimulator.DemoClientSecret,
            RateLimitBurst = 1_000_000,
            RateLimitPerSecond = 1_000_000,
        };
        using var connection = await SportsData.Polar.PolarConnector.ConnectWithRefreshTokenAsync(options, SportsData.Sandbox.Polar.PolarSimulator.DemoRefreshToken, CancellationToken.None);
        var syncOptions = new PolarSyncOptions { Path = folder, Since = PolarSyncWorld.Since, IncludeRRIntervals = true, Checkpoint = new SportsData.Sync.SyncCheckpointPolicy { EveryItems = 1 } };
        var result = await new PolarSync(connection.Client()).RunAsync(syncOptions, CancellationToken.None);
        Console.WriteLine(result);
        return 0;
    }
}
