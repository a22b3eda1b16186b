using SportsData.Sync.Polar;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Sync;

/// <summary>
/// The test assembly's entry point doubles as a sync process that tests kill: <c>dotnet SportsData.Tests.dll
/// sync-child &lt;simulator url&gt; &lt;dataset folder&gt; [polar|valor|aikynetix]</c> syncs a vendor (Polar by default)
/// from a simulator the test process serves.
/// </summary>
public static class SyncChildProcess
{
    public const string Command = "sync-child";

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == SportsData.Tests.Database.PublishChildProcess.Command) return SportsData.Tests.Database.PublishChildProcess.Run(args);
        if ((args.Length == 3 || args.Length == 4) && args[0] == Command)
        {
            string vendor = args.Length == 4 ? args[3] : "polar";
            Task<int> run = vendor == "valor" ? RunValorAsync(new Uri(args[1]), args[2])
                : vendor == "aikynetix" ? RunAikynetixAsync(new Uri(args[1]), args[2])
                : RunAsync(new Uri(args[1]), args[2]);
            return run.GetAwaiter().GetResult();
        }
        Console.Error.WriteLine("Usage: dotnet SportsData.Tests.dll " + Command + " <simulator url> <dataset folder> [polar|valor|aikynetix]");
        return 2;
    }

    /// <summary>The Valor sync the kill test runs and compares with: every session with its report.</summary>
    public static SportsData.Sync.Valor.ValorSyncOptions ValorOptions(string folder) =>
        new() { Path = folder, Checkpoint = new SportsData.Sync.SyncCheckpointPolicy { EveryItems = 3 } };

    /// <summary>The AiKYNETIX sync the kill test runs and compares with: sessions.csv and every analyzed video.</summary>
    public static SportsData.Sync.Aikynetix.ManagedSessionSyncOptions AikynetixOptions(string folder) =>
        new() { Path = folder, IncludeVideos = true, Checkpoint = new SportsData.Sync.SyncCheckpointPolicy { EveryItems = 1 } };

    private static async Task<int> RunValorAsync(Uri simulator, string folder)
    {
        var options = new SportsData.Valor.ValorConnectOptions
        {
            ApiBaseUri = new Uri(simulator, "production/"),
            CognitoEndpoint = simulator,
            ClientId = SportsData.Sandbox.Valor.CognitoSimulator.DemoClientId,
        };
        using var connection = await SportsData.Valor.ValorConnector.ConnectWithPasswordAsync(options, ValorTestConnection.DemoCredential, CancellationToken.None);
        Console.WriteLine(await SportsData.Sync.Valor.ValorSync.RunAsync(connection.Client(), ValorOptions(folder), CancellationToken.None));
        return 0;
    }

    private static async Task<int> RunAikynetixAsync(Uri simulator, string folder)
    {
        var options = new SportsData.Aikynetix.AikynetixConnectOptions { BaseUri = simulator };
        using var connection = SportsData.Aikynetix.AikynetixConnector.ConnectWithApiKey(options, SportsData.Sandbox.Aikynetix.AikynetixSimulator.DemoApiKey);
        var client = SportsData.Aikynetix.AikynetixEngine.Of(connection).Client;
        Console.WriteLine(await SportsData.Sync.Aikynetix.ManagedSessionSync.RunAsync(client, AikynetixOptions(folder), CancellationToken.None));
        return 0;
    }

    /// <summary>
    /// Starts the child on <paramref name="vendor"/>, waits until <paramref name="progressed"/> (or 60 s), then holds every
    /// further request at <paramref name="server"/> so the child cannot finish (however slowly this process polls), and kills it.
    /// </summary>
    public static async Task KillMidSyncAsync(Uri simulator, string folder, string vendor, Func<bool> progressed, SportsData.Sandbox.SandboxWorld server)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { typeof(SyncChildProcess).Assembly.Location, Command, simulator.ToString(), folder, vendor }) start.ArgumentList.Add(arg);
        using var child = System.Diagnostics.Process.Start(start)!;
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!child.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60) && !progressed()) await Task.Delay(10);
        HoldEverything(server);
        if (child.HasExited) Assert.Fail("the child ended before it could be killed: " + await child.StandardError.ReadToEndAsync() + await child.StandardOutput.ReadToEndAsync());
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
    }

    /// <summary>From now on the server answers nothing for 10 minutes (a killed client's held requests are aborted).</summary>
    public static void HoldEverything(SportsData.Sandbox.SandboxWorld server)
    {
        server.Faults.Clear();
        server.Faults.AddDelay("/", TimeSpan.FromMinutes(10), times: 1_000_000);
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
