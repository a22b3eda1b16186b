using SportsData.Connections;
using SportsData.Sandbox;
using SportsData.Sandbox.Aikynetix;
using SportsData.Sync;
using SportsData.Sync.Aikynetix;
using SportsData.Sync.Polar;
using SportsData.Sync.Valor;
using SportsData.Tests.Aikynetix;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Sync;

/// <summary>
/// One vendor under the sync contract (<see cref="SyncContractTests"/>): a simulator over loopback with a small world,
/// the vendor's sync with fixed options, and the changes a vendor's data goes through (an item added, edited, deleted,
/// one that fails, a listing that fails). Each vendor says in its own terms what these are.
/// </summary>
public abstract class SyncContractCase : IAsyncDisposable
{
    public const string Polar = "polar", Valor = "valor", Aikynetix = "aikynetix";

    protected SyncContractCase(SimulatorServer server) => Server = server;

    public SimulatorServer Server { get; }

    public SandboxWorld World => Server.World;

    /// <summary>The vendor's name for <see cref="SyncChildProcess"/>.</summary>
    public abstract string Vendor { get; }

    /// <summary>Options that apply to every later run (Valor's "edit" asks for IK data from then on).</summary>
    protected Action<VendorSyncOptions>? Persistent { get; set; }

    public static async Task<SyncContractCase> StartAsync(string vendor) => vendor switch
    {
        Polar => await PolarCase.StartAsync(),
        Valor => await ValorCase.StartAsync(),
        Aikynetix => await AikynetixCase.StartAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(vendor)),
    };

    /// <summary>One sync of the case's data into <paramref name="path"/>.</summary>
    public Task<SyncResult> SyncAsync(string path, Action<VendorSyncOptions>? configure = null) =>
        RunAsync(path, o => { Persistent?.Invoke(o); configure?.Invoke(o); });

    protected abstract Task<SyncResult> RunAsync(string path, Action<VendorSyncOptions> configure);

    /// <summary>The sync the killed child process runs (<see cref="SyncChildProcess"/>), run in this process.</summary>
    public abstract Task<SyncResult> ChildSyncAsync(string path);

    /// <summary>True once the child has written enough into <paramref name="folder"/> to be killed mid-run.</summary>
    public abstract bool ChildProgressed(string folder);

    /// <summary>Slows the item fetches down so the child is surely killed in the middle.</summary>
    public abstract void SlowDownFetches();

    /// <summary>True for a request line that fetches an item (what a run with nothing new must not send).</summary>
    public abstract bool IsFetch(string requestLine);

    /// <summary>A new item at the vendor; returns how many.</summary>
    public abstract int AddItem();

    /// <summary>An item changes its version; returns how many items did.</summary>
    public abstract int EditItem();

    /// <summary>An item is deleted at the vendor; returns the table and the key of its row.</summary>
    public abstract (string Table, string Key) DeleteItem();

    /// <summary>One item's fetch keeps failing; returns the target its error names.</summary>
    public abstract string BreakItem();

    /// <summary>A listing keeps failing.</summary>
    public abstract void BreakListing();

    public virtual async ValueTask DisposeAsync() => await Server.DisposeAsync();

    private sealed class PolarCase : SyncContractCase
    {
        private readonly PolarSyncWorld _world;

        private readonly string _edited, _deleted;

        private PolarCase(PolarSyncWorld world) : base(world.Server)
        {
            _world = world;
            _edited = FirstId(0);
            _deleted = FirstId(1);
        }

        public static async Task<SyncContractCase> StartAsync() => new PolarCase(await PolarSyncWorld.StartAsync());

        public override string Vendor => Polar;

        protected override async Task<SyncResult> RunAsync(string path, Action<VendorSyncOptions> configure) =>
            await _world.SyncAsync(path, configure);

        public override async Task<SyncResult> ChildSyncAsync(string path) =>
            await _world.SyncAsync(path, o => o.Checkpoint = new SyncCheckpointPolicy { EveryItems = 1 });

        public override bool ChildProgressed(string folder) =>
            Directory.Exists(Path.Combine(folder, "samples")) && Directory.EnumerateFiles(Path.Combine(folder, "samples"), "*.csv", SearchOption.AllDirectories).Count() >= 3;

        public override void SlowDownFetches() => World.Faults.AddDelay("/v1/training_sessions/", TimeSpan.FromMilliseconds(300), times: 1000);

        public override bool IsFetch(string requestLine) => requestLine.StartsWith("GET /v1/training_sessions/", StringComparison.Ordinal);

        private string FirstId(int team) => _world.Team(team).Sessions.First(s => s.StartTime > PolarSyncWorld.Since).Id;

        public override int AddItem()
        {
            _world.Data.AddTeamSession(_world.Team(1), PolarSyncWorld.Since.AddDays(2).AddHours(18), TimeSpan.FromMinutes(1), 3);
            return 1;
        }

        public override int EditItem()
        {
            _world.Data.EditTeamSession(_edited);
            return 1;
        }

        public override (string Table, string Key) DeleteItem()
        {
            _world.Data.RemoveTeamSession(_deleted);
            return ("team_sessions.csv", _deleted);
        }

        public override string BreakItem()
        {
            string playerSession = _world.Team(0).Sessions.First(s => s.StartTime > PolarSyncWorld.Since).Participants[1].Id;
            World.Faults.AddStatus("/v1/training_sessions/" + playerSession, 404, times: 1000);
            return playerSession;
        }

        public override void BreakListing() => World.Faults.AddStatus("/v1/teams/" + _world.Team(1).Id + "/training_sessions", 404, times: 1000);

        public override async ValueTask DisposeAsync() => await _world.DisposeAsync();
    }

    private sealed class ValorCase : SyncContractCase
    {
        private readonly ValorConnection _connection;

        private readonly string _deleted;

        private ValorCase(SimulatorServer server, ValorConnection connection) : base(server)
        {
            _connection = connection;
            _deleted = Data.Sessions.Last(s => s.Athlete.Id == Athlete).Id;
        }

        public static async Task<SyncContractCase> StartAsync()
        {
            var server = await SimulatorServer.StartAsync();
            server.World.Valor.IKFrameLimit = 20;
            return new ValorCase(server, await ValorTestConnection.ConnectAsync(server));
        }

        public override string Vendor => Valor;

        private Sandbox.Valor.ValorDemoData Data => World.Valor.Data;

        /// <summary>The athlete the first late session belongs to: the case syncs only their sessions, 3 a page.</summary>
        private string Athlete => Data.Athletes[0].Id;

        protected override async Task<SyncResult> RunAsync(string path, Action<VendorSyncOptions> configure)
        {
            var options = new ValorSyncOptions { Path = path, AthleteIds = new[] { Athlete }, PageSize = 3, Checkpoint = new SyncCheckpointPolicy { EveryItems = 4 } };
            configure(options);
            return await ValorSync.RunAsync(_connection.Client(), options, CancellationToken.None);
        }

        public override async Task<SyncResult> ChildSyncAsync(string path) =>
            await ValorSync.RunAsync(_connection.Client(), SyncChildProcess.ValorOptions(path), CancellationToken.None);

        public override bool ChildProgressed(string folder) => File.Exists(Path.Combine(folder, ".sportsdata", "state.json"));

        public override void SlowDownFetches() => World.Faults.AddDelay("reportData", TimeSpan.FromMilliseconds(25), times: 100_000);

        public override bool IsFetch(string requestLine) => requestLine.Contains("/reportData", StringComparison.Ordinal) || requestLine.Contains("/ikData", StringComparison.Ordinal);

        public override int AddItem()
        {
            Assert.Equal(Athlete, Data.ArriveLater(1).Single().Athlete.Id);
            return 1;
        }

        /// <summary>Valor sessions do not change at the source; what changes an item's version is what is stored of it: asking for IK data too.</summary>
        public override int EditItem()
        {
            Persistent = o => ((ValorSyncOptions)o).IncludeIKData = true;
            return Data.Sessions.Count(s => s.Athlete.Id == Athlete);
        }

        public override (string Table, string Key) DeleteItem()
        {
            Assert.True(Data.Remove(_deleted));
            return ("sessions.csv", _deleted);
        }

        public override string BreakItem()
        {
            // Faults match the path, not the s3Key query: the first report of the run (the newest session, listed first) fails.
            // A 400, not a 404: a report Valor answers 404 for is stored as "no report", not failed (ValorSyncTests).
            World.Faults.AddStatus("reportData", 400, times: 1);
            return Data.Sessions.First(s => s.Athlete.Id == Athlete).Id;
        }

        public override void BreakListing() => World.Faults.AddStatus("/production/sessions", 500, times: 1000);

        public override async ValueTask DisposeAsync()
        {
            _connection.Dispose();
            await base.DisposeAsync();
        }
    }

    private sealed class AikynetixCase : SyncContractCase
    {
        private readonly AikynetixConnection _athlete;
        private readonly AikynetixConnection _account;

        private readonly string _edited, _deleted;

        private AikynetixCase(SimulatorServer server) : base(server)
        {
            _edited = Mine.First().Id;
            _deleted = Mine.Last().Id;
            _athlete = AikynetixTestConnection.Connect(server, AikynetixSimulator.DemoAthleteApiKey);
            _account = AikynetixTestConnection.Connect(server);
        }

        public static async Task<SyncContractCase> StartAsync() => new AikynetixCase(await SimulatorServer.StartAsync());

        public override string Vendor => Aikynetix;

        private AikynetixDemoData Data => World.Aikynetix.Data;

        /// <summary>The athlete key's sessions (a small account), with analyzed videos.</summary>
        private IEnumerable<AikynetixSessionSeed> Mine => Data.Sessions.Where(s => s.User.Id == Data.Athletes[0].Id);

        protected override async Task<SyncResult> RunAsync(string path, Action<VendorSyncOptions> configure)
        {
            var options = new ManagedSessionSyncOptions { Path = path, IncludeVideos = true, Checkpoint = new SyncCheckpointPolicy { EveryItems = 3 } };
            configure(options);
            return await ManagedSessionSync.RunAsync(_athlete.Client(), options, CancellationToken.None);
        }

        public override async Task<SyncResult> ChildSyncAsync(string path) =>
            await ManagedSessionSync.RunAsync(_account.Client(), SyncChildProcess.AikynetixOptions(path), CancellationToken.None);

        public override bool ChildProgressed(string folder) =>
            Directory.Exists(Path.Combine(folder, "videos")) && Directory.GetFiles(Path.Combine(folder, "videos"), "*.mp4").Length >= 2;

        public override void SlowDownFetches() => World.Faults.AddDelay(AikynetixSimulator.MediaPrefix, TimeSpan.FromMilliseconds(150), times: 100_000);

        public override bool IsFetch(string requestLine) => requestLine.Contains(AikynetixSimulator.MediaPrefix, StringComparison.Ordinal) || requestLine.Contains("/analyzed-video/", StringComparison.Ordinal);

        public override int AddItem()
        {
            Assert.Equal(Data.Athletes[0].Id, Data.ArriveLater(1).Single().User.Id);
            return 1;
        }

        public override int EditItem()
        {
            Assert.True(Data.Update(_edited, "renamed by the coach", null));
            return 1;
        }

        public override (string Table, string Key) DeleteItem()
        {
            Assert.True(Data.Remove(_deleted));
            return ("sessions.csv", _deleted);
        }

        public override string BreakItem()
        {
            string id = Mine.First(s => s.HasAnalyzedVideo).Id;
            World.Faults.AddStatus(AikynetixSimulator.MediaPrefix + id, 500, times: 1000);
            return id;
        }

        public override void BreakListing() => World.Faults.AddStatus(AikynetixSimulator.SessionsPath, 500, times: 1000);

        public override async ValueTask DisposeAsync()
        {
            _athlete.Dispose();
            _account.Dispose();
            await base.DisposeAsync();
        }
    }
}
