using System.Diagnostics;
using System.Text.RegularExpressions;
using SportsData.Sync;
using SportsData.Sync.Polar;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Sync;

/// <summary>Sync-PolarTeamPro's engine over loopback, on real files in temporary folders.</summary>
public class PolarSyncTests : SimulatorTestBase
{
    /// <summary>The test's sync world (closed after the test) and a folder for its dataset (deleted after the test).</summary>
    private async Task<(PolarSyncWorld World, TempFolder Folder)> StartAsync(bool withSessions = true) =>
        (OwnAsyncDisposable(await PolarSyncWorld.StartAsync(withSessions)), Own(new TempFolder()));

    private static readonly string[] Tables =
    {
        "markers.csv", "participants.csv", "phase_summaries.csv", "player_sessions.csv", "players.csv",
        "session_summaries.csv", "team_sessions.csv", "teams.csv",
    };

    private static string[] Lines(string file) => File.ReadAllText(file).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task A_first_run_writes_every_table_and_one_sample_and_rr_file_per_player_session()
    {
        var (world, folder) = await StartAsync();

        PolarSyncResult result = await world.SyncAsync(folder.Path);

        Assert.Equal((3, 0, 0, 0), (result.New, result.Changed, result.Failed, result.Deleted));
        Assert.Equal(7, result.PlayerSessions);
        Assert.Equal(2, result.Teams);
        foreach (string table in Tables) Assert.True(File.Exists(folder.File(table)), table);
        Assert.Equal(8, Lines(folder.File("player_sessions.csv")).Length); // header + 7
        Assert.Equal(4, Lines(folder.File("team_sessions.csv")).Length);
        Assert.Equal(1 + 7 * 3, Lines(folder.File("phase_summaries.csv")).Length);
        Assert.StartsWith("team_id,name,organisation,created,modified\r\n", File.ReadAllText(folder.File("teams.csv")));

        var participants = world.Data.Teams.SelectMany(t => t.Sessions).Where(s => s.StartTime > PolarSyncWorld.Since).SelectMany(s => s.Participants).ToList();
        Assert.Equal(7, participants.Count);
        foreach (var p in participants)
        {
            string day = p.StartTime.ToString("yyyy-MM-dd");
            string samples = folder.File($"samples/{p.Player.Team.Id}/{day}/{p.Id}.csv");
            string[] lines = Lines(samples);
            Assert.StartsWith("team_session_id,player_session_id,player_id,time,offset_ms,", lines[0]);
            Assert.Equal(p.SampleCount + 1, lines.Length);
            Assert.StartsWith(p.TeamSession!.Id + "," + p.Id + "," + p.Player.Id + "," + p.StartTime.ToString("yyyy-MM-dd'T'HH:mm:ss") + ".000,0,", lines[1]);
            Assert.Equal("team_session_id,player_session_id,player_id,index,interval_ms,elapsed_ms", Lines(folder.File($"rr/{p.Player.Team.Id}/{day}/{p.Id}.csv"))[0]);
        }
        Assert.Equal(participants.Sum(p => (long)p.SampleCount) , result.Rows - RRRows(folder.Path));

        // Times: local without offset, created/modified in UTC with Z, milliseconds everywhere.
        string sessionRow = Lines(folder.File("team_sessions.csv"))[1];
        Assert.Matches(@",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3},", sessionRow);
        Assert.Matches(@",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,", sessionRow);
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.partial", SearchOption.AllDirectories));
        Assert.Single(SyncStateStore.ReadRunLog(folder.Path));
    }

    private static long RRRows(string folder) =>
        Directory.EnumerateFiles(Path.Combine(folder, "rr"), "*.csv", SearchOption.AllDirectories).Sum(f => (long)Lines(f).Length - 1);

    [Fact]
    public async Task Every_page_asks_for_100_items_and_nothing_is_fetched_twice()
    {
        var (world, folder) = await StartAsync();
        world.Server.World.ClearRequestLog();

        await world.SyncAsync(folder.Path, o => o.IncludeIndividualSessions = true);

        var log = world.Server.World.RequestLog.Where(r => r.Contains("/v1/")).ToList();
        var paged = log.Where(r => r.Contains("page=")).ToList();
        Assert.True(paged.Count >= 3, $"only {paged.Count} paged requests"); // teams, and each of the two teams' sessions
        Assert.Contains(paged, r => r.Contains("/players/")); // the players' individual sessions
        Assert.All(paged, r => Assert.Contains("per_page=100", r));
        var details = log.Where(r => !r.Contains("page=")).ToList();
        Assert.Equal(details.Count, details.Distinct().Count());
        Assert.Equal(7, details.Count(r => Regex.IsMatch(r, @"^GET /v1/training_sessions/[^/?]+\?samples=all$")));
    }

    [Fact]
    public async Task New_sessions_are_added_and_old_files_are_left_alone()
    {
        var (world, folder) = await StartAsync();
        await world.SyncAsync(folder.Path);
        var times = TempFolder.WriteTimes(folder.Path);

        var late = world.Data.AddTeamSession(world.Team(1), PolarSyncWorld.Since.AddDays(2).AddHours(18), TimeSpan.FromMinutes(1), 3);
        var individual = world.Data.AddIndividualSession(world.Team(0).Players[0], PolarSyncWorld.Since.AddHours(7), TimeSpan.FromMinutes(1));
        PolarSyncResult result = await world.SyncAsync(folder.Path, o => o.IncludeIndividualSessions = true);

        Assert.Equal((2, 0, 3), (result.New, result.Changed, result.Unchanged));
        foreach (var p in late.Participants) Assert.True(File.Exists(folder.File($"samples/{world.Team(1).Id}/{p.StartTime:yyyy-MM-dd}/{p.Id}.csv")));
        Assert.True(File.Exists(folder.File($"samples/{world.Team(0).Id}/{individual.StartTime:yyyy-MM-dd}/{individual.Id}.csv")));
        var after = TempFolder.WriteTimes(folder.Path);
        foreach (var (file, time) in times.Where(t => t.Key.StartsWith("samples/") || t.Key.StartsWith("rr/"))) Assert.Equal(time, after[file]);
        Assert.Equal(await world.CleanSnapshotAsync(o => o.IncludeIndividualSessions = true), TempFolder.Snapshot(folder.Path));
    }

    [Fact]
    public async Task A_player_session_edited_alone_is_fetched_again_though_only_the_player_listing_shows_it()
    {
        var (world, folder) = await StartAsync();
        await world.SyncAsync(folder.Path);
        var team = world.Team(0).Sessions.First(s => s.StartTime > PolarSyncWorld.Since);
        var player = team.Participants.First();
        string teamListingBefore = File.ReadAllText(folder.File("team_sessions.csv"));
        string rowBefore = Lines(folder.File("player_sessions.csv")).Single(l => l.StartsWith(player.Id + ","));

        world.Data.EditPlayerSession(player.Id); // the player's own modified changes; the team session's does not
        world.Server.World.ClearRequestLog();
        PolarSyncResult result = await world.SyncAsync(folder.Path);

        Assert.Equal((0, 1, 3, 0), (result.New, result.Changed, result.Unchanged, result.Failed)); // three team sessions unchanged, the player session changed
        Assert.Equal(1, result.PlayerSessions);
        var fetched = world.Server.World.RequestLog.Where(r => r.Contains("/v1/training_sessions/") || r.StartsWith("GET /v1/teams/training_sessions/")).ToList();
        Assert.NotEmpty(fetched);
        Assert.All(fetched, r => Assert.Contains(player.Id, r)); // only that player session (details, summaries), not its team session
        Assert.Contains(world.Server.World.RequestLog, r => r.Contains("/v1/players/" + player.Player.Id + "/training_sessions") && r.Contains("type=TEAM"));
        string rowAfter = Lines(folder.File("player_sessions.csv")).Single(l => l.StartsWith(player.Id + ","));
        Assert.NotEqual(rowBefore, rowAfter);
        Assert.Equal(teamListingBefore, File.ReadAllText(folder.File("team_sessions.csv")));
        Assert.Equal(await world.CleanSnapshotAsync(), TempFolder.Snapshot(folder.Path)); // same as a fresh sync of the edited data

        PolarSyncResult again = await world.SyncAsync(folder.Path);
        Assert.Equal((0, 0, 0), (again.New, again.Changed, again.PlayerSessions)); // fetched once, not on every run
    }

    [Fact]
    public async Task A_session_gone_from_the_listing_is_kept_and_marked_deleted_once()
    {
        var (world, folder) = await StartAsync();
        await world.SyncAsync(folder.Path);
        var gone = world.Team(1).Sessions.First(s => s.StartTime > PolarSyncWorld.Since);

        world.Data.RemoveTeamSession(gone.Id);
        PolarSyncResult result = await world.SyncAsync(folder.Path);

        Assert.Equal(1, result.Deleted);
        string row = Lines(folder.File("team_sessions.csv")).Single(l => l.StartsWith(gone.Id + ","));
        Assert.Matches(@",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", row);
        Assert.All(Lines(folder.File("player_sessions.csv")).Where(l => l.Contains("," + gone.Id + ",")), l => Assert.EndsWith("Z", l));
        Assert.Equal(2, Lines(folder.File("player_sessions.csv")).Count(l => l.Contains("," + gone.Id + ",")));
        var snapshot = TempFolder.Snapshot(folder.Path);

        PolarSyncResult again = await world.SyncAsync(folder.Path);
        Assert.Equal(0, again.Deleted);
        Assert.Equal(snapshot, TempFolder.Snapshot(folder.Path));
    }

    [Fact]
    public async Task A_second_sync_into_the_same_folder_is_refused_at_once()
    {
        var (world, folder) = await StartAsync();
        world.Server.World.Faults.AddDelay("/v1/teams/", TimeSpan.FromSeconds(5), times: 1);
        Task<PolarSyncResult> first = world.SyncAsync(folder.Path);
        while (!File.Exists(folder.File(".sportsdata/lock.owner"))) await Task.Delay(5);

        // "At once": the refusal comes while the first sync still holds the lock (it is held up 5 s at the server),
        // not after waiting for it to finish.
        var refused = await Assert.ThrowsAsync<SportsDataException>(() => world.SyncAsync(folder.Path));
        Assert.False(first.IsCompleted, "the second sync waited for the first to finish");
        Assert.Equal("Sync.DatasetLocked", refused.ErrorId);
        Assert.Contains("pid " + Environment.ProcessId, refused.Message);

        Assert.Equal(3, (await first).New);
    }

    [Fact]
    public async Task A_stale_lock_left_by_a_dead_process_does_not_block()
    {
        var (world, folder) = await StartAsync();
        Directory.CreateDirectory(folder.File(".sportsdata"));
        File.WriteAllText(folder.File(".sportsdata/lock"), "pid 999999 on elsewhere since 2020-01-01T00:00:00.000Z");
        File.WriteAllText(folder.File(".sportsdata/lock.owner"), "pid 999999 on elsewhere since 2020-01-01T00:00:00.000Z");

        PolarSyncResult result = await world.SyncAsync(folder.Path);

        Assert.Equal(3, result.New);
    }

    [Fact]
    public async Task Server_errors_resets_and_429_storms_mid_sync_still_leave_a_complete_dataset()
    {
        var (world, folder) = await StartAsync();
        var clean = await world.CleanSnapshotAsync();
        world.Server.World.Faults
            .AddStatus("/session_summary", 500, times: 2)
            .AddDroppedConnection("/v1/training_sessions/", times: 2)
            .AddStatus("/phase_summaries", 429, times: 4, body: "{\"error\":{\"status\":429,\"message\":\"Too Many Requests\"}}")
            .AddStatus("/training_sessions", 503, times: 1);

        PolarSyncResult result = await world.SyncAsync(folder.Path);

        Assert.Equal((3, 0), (result.New, result.Failed));
        Assert.True(result.Retries >= 9, $"{result.Retries} retries");
        Assert.Equal(0, world.Server.World.Faults.Pending);
        Assert.Equal(clean, TempFolder.Snapshot(folder.Path));
    }

    [Fact]
    public async Task A_player_session_without_summaries_is_stored_without_them_not_failed()
    {
        var (world, folder) = await StartAsync();
        world.Server.World.Faults.AddStatus("/phase_summaries", 404, times: 1000, body: "{\"error\":{\"status\":404,\"message\":\"Given player_session_id doesn't match any of user's records.\"}}");
        world.Server.World.Faults.AddStatus("/session_summary", 404, times: 1000);

        PolarSyncResult result = await world.SyncAsync(folder.Path);

        Assert.Equal((3, 0), (result.New, result.Failed));
        Assert.Single(Lines(folder.File("phase_summaries.csv")));
        Assert.Single(Lines(folder.File("session_summaries.csv")));
        Assert.Equal(8, Lines(folder.File("player_sessions.csv")).Length);
    }

    [Fact]
    public async Task A_Path_that_is_a_file_is_refused_naming_Path()
    {
        var (world, folder) = await StartAsync();
        File.WriteAllText(folder.File("polar"), "not a folder");

        var error = await Assert.ThrowsAsync<SportsDataException>(() => world.SyncAsync(folder.File("polar")));

        Assert.Equal("Path", error.ParameterName);
        Assert.Contains("is a file", error.Message);
        Assert.Equal("not a folder", File.ReadAllText(folder.File("polar")));
    }

    [Fact]
    public async Task An_unwritable_Path_is_refused_naming_Path()
    {
        var (world, folder) = await StartAsync();
        // /proc refuses new folders even to root; elsewhere a read-only folder does.
        string path;
        if (OperatingSystem.IsLinux()) path = "/proc/sportsdata-sync-test/polar";
        else
        {
            Directory.CreateDirectory(folder.File("ro"));
            File.SetAttributes(folder.File("ro"), FileAttributes.ReadOnly);
            path = folder.File("ro/polar");
        }

        var error = await Assert.ThrowsAsync<SportsDataException>(() => world.SyncAsync(path));

        Assert.Equal("Path", error.ParameterName);
        Assert.Contains("-Path", error.Message);
        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public async Task A_full_disk_is_an_error_naming_Path_and_the_dataset_stays_as_it_was()
    {
        var (world, folder) = await StartAsync();
        await world.SyncAsync(folder.Path);
        var before = TempFolder.Snapshot(folder.Path, includeState: true);
        world.Data.EditTeamSession(world.Team(0).Sessions.First(s => s.StartTime > PolarSyncWorld.Since).Id);

        var error = await Assert.ThrowsAsync<SportsDataException>(() => world.SyncAsync(folder.Path, o => o.BeforeWrite = _ => throw new IOException("No space left on device")));

        Assert.Equal("Path", error.ParameterName);
        Assert.Contains("No space left on device", error.Message);
        var after = TempFolder.Snapshot(folder.Path, includeState: true);
        foreach (string runFile in new[] { ".sportsdata/runs.jsonl", ".sportsdata/lock" })
        {
            after.Remove(runFile);
            before.Remove(runFile);
        }
        Assert.Equal(before, after);
        Assert.Equal(await world.CleanSnapshotAsync(), await Task.Run(async () => { await world.SyncAsync(folder.Path); return TempFolder.Snapshot(folder.Path); }));
    }

    [Fact]
    public async Task SampleType_None_writes_no_sample_files_and_CsvGzip_compresses_them()
    {
        var (world, none) = await StartAsync();
        using var gzip = new TempFolder();

        await world.SyncAsync(none.Path, o => { o.SampleTypes = SportsData.Polar.PolarSampleType.None; o.IncludeRRIntervals = false; });
        await world.SyncAsync(gzip.Path, o => { o.SampleTypes = SportsData.Polar.PolarSampleType.HR | SportsData.Polar.PolarSampleType.Speed; o.Format = DataFormat.CsvGzip; });

        Assert.False(Directory.Exists(none.File("samples")));
        Assert.Equal(8, Lines(none.File("player_sessions.csv")).Length);
        var files = Directory.EnumerateFiles(gzip.File("samples"), "*", SearchOption.AllDirectories).ToList();
        Assert.Equal(7, files.Count);
        Assert.All(files, f => Assert.EndsWith(".csv.gz", f));
        using var reader = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(files[0]), System.IO.Compression.CompressionMode.Decompress));
        Assert.Equal("team_session_id,player_session_id,player_id,time,offset_ms,heart_rate,speed", reader.ReadLine());
        Assert.True(Directory.EnumerateFiles(gzip.File("rr"), "*.csv.gz", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Changing_the_format_or_sample_types_fetches_again_and_leaves_only_matching_files()
    {
        var (world, folder) = await StartAsync();
        await world.SyncAsync(folder.Path);

        PolarSyncResult result = await world.SyncAsync(folder.Path, o => { o.Format = DataFormat.CsvGzip; o.SampleTypes = SportsData.Polar.PolarSampleType.HR; });

        Assert.Equal((0, 3), (result.New, result.Changed));
        Assert.Empty(Directory.EnumerateFiles(folder.File("samples"), "*.csv", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(folder.File("rr"), "*.csv", SearchOption.AllDirectories));
        Assert.Equal(await world.CleanSnapshotAsync(o => { o.Format = DataFormat.CsvGzip; o.SampleTypes = SportsData.Polar.PolarSampleType.HR; }), TempFolder.Snapshot(folder.Path));
    }

    [Fact]
    public async Task The_sandbox_timed_arrivals_upload_a_late_session_and_edit_one_which_the_next_run_picks_up()
    {
        var (world, folder) = await StartAsync(withSessions: false);
        Action<PolarSyncOptions> lastTwoDays = o => { o.Since = SportsData.Tests.Infrastructure.TestData.AnchorDate.AddDays(-1); o.SampleTypes = SportsData.Polar.PolarSampleType.None; o.IncludeRRIntervals = false; };
        PolarSyncResult first = await world.SyncAsync(folder.Path, lastTwoDays);
        Assert.True(first.New >= 2);

        world.Data.ArriveUpTo(2); // what the interactive sandbox does after two intervals
        PolarSyncResult next = await world.SyncAsync(folder.Path, lastTwoDays);

        Assert.Equal((1, 1, first.New - 1), (next.New, next.Changed, next.Unchanged));
        Assert.Contains("Extra session", File.ReadAllText(folder.File("team_sessions.csv")));
        Assert.Equal(await world.CleanSnapshotAsync(lastTwoDays), TempFolder.Snapshot(folder.Path));
    }

    [Fact]
    public async Task TeamId_limits_the_sync_and_Lookback_limits_the_relisting()
    {
        var (world, folder) = await StartAsync();
        await world.SyncAsync(folder.Path, o => o.TeamIds = new[] { world.Team(1).Id });
        Assert.Single(Lines(folder.File("team_sessions.csv")).Skip(1));
        Assert.DoesNotContain(world.Team(0).Id, File.ReadAllText(folder.File("teams.csv")));

        world.Server.World.ClearRequestLog();
        await world.SyncAsync(folder.Path, o => { o.TeamIds = new[] { world.Team(1).Id }; o.Since = null; o.Lookback = TimeSpan.FromDays(2); });
        string listing = world.Server.World.RequestLog.Single(r => r.Contains("/" + world.Team(1).Id + "/training_sessions"));
        Assert.Contains("since=" + PolarSyncWorld.Since.AddHours(9).AddDays(-2).AddMinutes(-3).ToString("yyyy-MM-dd'T'HH:mm:ss"), Uri.UnescapeDataString(listing));
    }
}
