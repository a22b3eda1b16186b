using System.Diagnostics;
using SportsData.Connections;
using SportsData.Polar;
using SportsData.Sandbox;
using SportsData.Sandbox.Polar;
using SportsData.Sync;
using SportsData.Sync.Aikynetix;
using SportsData.Sync.Polar;
using SportsData.Sync.Valor;
using SportsData.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SportsData.Tests.Sync;

/// <summary>
/// Sync-SportsData's engine: two Polar accounts, Valor and AiKYNETIX synced at once over loopback into four folders,
/// each byte for byte what that account synced alone gives.
/// </summary>
public class ConcurrentSyncTests
{
    private readonly ITestOutputHelper _output;

    public ConcurrentSyncTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Four_accounts_sync_at_once_into_four_folders_each_identical_to_syncing_it_alone()
    {
        await using var world = await PolarSyncWorld.StartAsync();
        using var women = await PolarSyncWorld.ConnectAsync(world.Server);
        using var valor = await ValorTestConnection.ConnectAsync(world.Server);
        using var aikynetix = SportsData.Aikynetix.AikynetixConnector.ConnectWithApiKey(
            new SportsData.Aikynetix.AikynetixConnectOptions { BaseUri = world.Server.BaseUri }, SportsData.Sandbox.Aikynetix.AikynetixSimulator.DemoApiKey);
        string athlete = world.Server.World.Valor.Data.Sessions.GroupBy(s => s.Athlete.Id).OrderBy(g => g.Count()).First().Key;
        // Every request takes a while, as over the internet: a run lasts long enough for overlaps to mean something.
        world.Server.World.Faults.AddDelay("/", TimeSpan.FromMilliseconds(15), times: 1_000_000);

        List<SyncJob> Jobs(string root) => new()
        {
            new SyncJob("Polar", "men", Path.Combine(root, "polar-men"), ct => Run(new PolarSync(world.Connection.Client()).RunAsync(world.Options(Path.Combine(root, "polar-men"), o => o.Account = "men"), ct))),
            new SyncJob("Polar", "women", Path.Combine(root, "polar-women"), ct => Run(new PolarSync(women.Client()).RunAsync(world.Options(Path.Combine(root, "polar-women"), o => o.Account = "women"), ct))),
            new SyncJob("Valor", null, Path.Combine(root, "valor"), ct => Run(ValorSync.RunAsync(valor.Client(), new ValorSyncOptions { Path = Path.Combine(root, "valor"), AthleteIds = new[] { athlete } }, ct))),
            new SyncJob("AiKYNETIX", null, Path.Combine(root, "aikynetix"), ct => Run(ManagedSessionSync.RunAsync(SportsData.Aikynetix.AikynetixEngine.Of(aikynetix).Client, new ManagedSessionSyncOptions { Path = Path.Combine(root, "aikynetix"), IncludeVideos = true }, ct))),
        };

        using var alone = new TempFolder();
        var aloneTime = new Dictionary<string, TimeSpan>();
        foreach (SyncJob job in Jobs(alone.Path))
        {
            var clock = Stopwatch.StartNew();
            await ConcurrentSync.RunAsync(new[] { job }, Http.NullRequestLog.Instance, (_, _) => { }, (_, error) => throw error, CancellationToken.None);
            aloneTime[job.Label] = clock.Elapsed;
        }

        using var together = new TempFolder();
        var results = new List<SyncResult>();
        var failures = new List<Exception>();
        var wall = Stopwatch.StartNew();
        await ConcurrentSync.RunAsync(Jobs(together.Path), Http.NullRequestLog.Instance, (_, result) => results.Add(result), (_, error) => failures.Add(error), CancellationToken.None);
        wall.Stop();

        Assert.Empty(failures);
        Assert.Equal(new[] { "Polar", "Polar", "Valor", "Aikynetix" }, results.Select(r => r.Vendor)); // in job order, whatever finished first
        Assert.Equal(new[] { "men", "women", null, null }, results.Select(r => r.Account));
        Assert.All(results, r => Assert.True(r.New > 0, r.ToString()));
        Assert.Equal(new[] { "aikynetix", "polar-men", "polar-women", "valor" }, Directory.GetDirectories(together.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        // Concurrent: every run started before any ended.
        Assert.True(results.Max(r => r.StartTime) < results.Min(r => r.EndTime), string.Join("; ", results.Select(r => $"{r.Vendor} {r.Account} {r.StartTime:HH:mm:ss.fff}-{r.EndTime:HH:mm:ss.fff}")));
        foreach (string folder in new[] { "polar-men", "polar-women", "valor", "aikynetix" })
        {
            Assert.Equal(TempFolder.Snapshot(Path.Combine(alone.Path, folder)), TempFolder.Snapshot(Path.Combine(together.Path, folder)));
        }
        var history = SyncHistory.Read(together.Path);
        Assert.Equal(4, history.Count);
        Assert.All(history, run => Assert.Equal(SyncRunOutcome.Completed, run.Outcome));
        Assert.Equal(new[] { "men", "women" }, history.Where(r => r.Vendor == "Polar").Select(r => r.Account).OrderBy(a => a));

        // Measured, not asserted (timing belongs in a benchmark): the wall time against the sum of the four alone.
        _output.WriteLine($"alone: {string.Join(", ", aloneTime.Select(p => $"{p.Key} {p.Value.TotalSeconds:0.00}s"))}; sum {aloneTime.Values.Sum(t => t.TotalSeconds):0.00}s; together {wall.Elapsed.TotalSeconds:0.00}s");
    }

    [Fact]
    public async Task Two_named_sandbox_Polar_accounts_sync_side_by_side_each_within_its_own_demo_clients_limit()
    {
        // Polar limits requests per client. Connect-PolarTeamPro -Sandbox -Name men / -Name women sign in with demo clients of
        // their own, so each account has the whole limit: here exactly one sync's worth of requests, then (next to) nothing,
        // in the client and in the simulator. Sharing one client, the second account would wait out the first's requests.
        static SandboxWorld NewWorld(int burst, double perSecond)
        {
            var world = new SandboxWorld(new SandboxOptions { AnchorDate = TestData.AnchorDate, PolarBurstCapacity = burst, PolarRefillPerSecond = perSecond });
            PolarSyncWorld.AddSessions(world.Polar.Data);
            return world;
        }
        static Task<PolarConnection> Connect(SandboxWorld world, string account, int burst, double perSecond)
        {
            var options = new PolarConnectOptions { RateLimitBurst = burst, RateLimitPerSecond = perSecond, Retry = new Http.RetrySettings { MaxRetryAttempts = 0 } };
            options.UseSandbox(world, account + "-" + Guid.NewGuid().ToString("N").Substring(0, 8)); // the process keeps one limiter per client and limit
            return PolarConnector.ConnectSandboxAsync(options, PolarSimulator.DemoRefreshToken, CancellationToken.None);
        }
        static PolarSyncOptions Options(string path, string account) => new() { Path = path, Since = PolarSyncWorld.Since, IncludeRRIntervals = true, Account = account };
        static long Requests(PolarConnection connection) => PolarSession.Of(connection).Transport.RequestCount;

        // What one account's sync asks for, in an unlimited world.
        using var alone = new TempFolder();
        var unlimited = NewWorld(1_000_000, 1_000_000);
        using var probe = await Connect(unlimited, "probe", 1_000_000, 1_000_000);
        SyncResult expected = await new PolarSync(probe.Client()).RunAsync(Options(alone.Path, "probe"), CancellationToken.None);
        int perSync = (int)Requests(probe);
        Assert.True(perSync > 10, perSync.ToString());

        var world = NewWorld(perSync, 0.001);
        world.Faults.AddDelay("/v1/", TimeSpan.FromMilliseconds(15), times: 1_000_000); // long enough runs for the overlap to mean something
        using var men = await Connect(world, "men", perSync, 0.001);
        using var women = await Connect(world, "women", perSync, 0.001);
        Assert.NotEqual(men.ClientId, women.ClientId);

        using var root = new TempFolder();
        var results = new List<SyncResult>();
        var failures = new List<Exception>();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a shared bucket would wait ~1000 s per request
        await ConcurrentSync.RunAsync(new[]
        {
            new SyncJob("Polar", "men", Path.Combine(root.Path, "polar-men"), ct => Run(new PolarSync(men.Client()).RunAsync(Options(Path.Combine(root.Path, "polar-men"), "men"), ct))),
            new SyncJob("Polar", "women", Path.Combine(root.Path, "polar-women"), ct => Run(new PolarSync(women.Client()).RunAsync(Options(Path.Combine(root.Path, "polar-women"), "women"), ct))),
        }, Http.NullRequestLog.Instance, (_, result) => results.Add(result), (_, error) => failures.Add(error), giveUp.Token);

        Assert.Empty(failures);
        Assert.Equal(new[] { "men", "women" }, results.Select(r => r.Account));
        Assert.All(results, r => Assert.Equal((expected.New, expected.Failed, expected.Files), (r.New, r.Failed, r.Files)));
        Assert.Equal(new long[] { perSync, perSync }, new[] { Requests(men), Requests(women) });
        Assert.Equal(0, world.Polar.RateLimitedCount);
        Assert.True(results.Max(r => r.StartTime) < results.Min(r => r.EndTime), string.Join("; ", results.Select(r => $"{r.Account} {r.StartTime:HH:mm:ss.fff}-{r.EndTime:HH:mm:ss.fff}")));
    }

    [Fact]
    public async Task One_failing_account_never_stops_the_others()
    {
        await using var world = await PolarSyncWorld.StartAsync();
        using var root = new TempFolder();
        File.WriteAllText(Path.Combine(root.Path, "polar-broken"), "a file where the folder should be");
        var results = new List<SyncResult>();
        var failures = new List<(string Label, Exception Error)>();
        var jobs = new[]
        {
            new SyncJob("Polar", "broken", Path.Combine(root.Path, "polar-broken"), ct => Run(new PolarSync(world.Connection.Client()).RunAsync(world.Options(Path.Combine(root.Path, "polar-broken")), ct))),
            new SyncJob("Polar", "fine", Path.Combine(root.Path, "polar-fine"), ct => Run(new PolarSync(world.Connection.Client()).RunAsync(world.Options(Path.Combine(root.Path, "polar-fine")), ct))),
        };

        await ConcurrentSync.RunAsync(jobs, Http.NullRequestLog.Instance, (_, r) => results.Add(r), (job, error) => failures.Add((job.Label, error)), CancellationToken.None);

        var failure = Assert.Single(failures);
        Assert.Equal("Polar 'broken'", failure.Label);
        Assert.Equal("Path", Assert.IsAssignableFrom<SportsDataException>(failure.Error).ParameterName);
        Assert.Equal(3, Assert.Single(results).New);
    }

    private static async Task<SyncResult> Run<T>(Task<T> run) where T : SyncResult => await run;
}
