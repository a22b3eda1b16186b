using SportsData.Sync;
using SportsData.Sync.Valor;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Sync;

/// <summary>The run log read back as runs (Get-SportsDataSyncHistory's engine), killed processes included.</summary>
public class SyncHistoryTests : SimulatorTestBase
{
    [Fact]
    public async Task A_killed_sync_process_shows_as_a_killed_failure_and_the_next_run_as_completed()
    {
        var (server, connection) = await StartValorAsync();
        using var dataset = new DatasetFolder();
        server.World.Faults.AddDelay("reportData", TimeSpan.FromMilliseconds(25), times: 100_000); // slow enough to be killed mid-run

        await SyncChildProcess.KillMidSyncAsync(server.BaseUri, dataset.Folder, "valor", () => File.Exists(dataset.File(".sportsdata/state.json")), server.World);
        server.World.Faults.Clear();

        IReadOnlyList<SyncRunRecord> afterKill = SyncHistory.Read(dataset.Folder);
        SyncRunRecord killed = Assert.Single(afterKill);
        Assert.Equal(SyncRunOutcome.Failed, killed.Outcome);
        Assert.True(killed.Killed);
        Assert.False(killed.Succeeded);
        Assert.Equal("Valor", killed.Vendor);
        Assert.Null(killed.EndTime);
        Assert.NotNull(killed.ProcessId);
        Assert.NotEqual(Environment.ProcessId, killed.ProcessId);
        Assert.Contains("killed", killed.Message);

        ValorSyncResult rerun = await ValorSync.RunAsync(connection.Client(), SyncChildProcess.ValorOptions(dataset.Folder), CancellationToken.None);

        IReadOnlyList<SyncRunRecord> runs = SyncHistory.Read(dataset.Folder);
        Assert.Equal(2, runs.Count);
        SyncRunRecord next = runs[0]; // newest first
        Assert.Equal(SyncRunOutcome.Completed, next.Outcome);
        Assert.False(next.Killed);
        Assert.Equal(rerun.New, next.New);
        Assert.Equal(rerun.Unchanged, next.Unchanged);
        Assert.Equal(rerun.Requests, next.Requests);
        Assert.Equal(Environment.ProcessId, next.ProcessId);
        Assert.NotNull(next.EndTime);
        Assert.True(runs[1].Killed);
        Assert.Equal(killed.RunId, runs[1].RunId);
        Assert.Equal(SyncRunOutcome.Failed, runs[1].Outcome);
    }

    [Fact]
    public void A_run_in_progress_shows_as_running_then_as_failed_when_it_stops_without_completing()
    {
        using var folder = new TempFolder();
        var run = SyncRun.Start(folder.Path, new PolarSyncResult(), null);
        SyncRunRecord running = Assert.Single(SyncHistory.Read(folder.Path));
        Assert.Equal(SyncRunOutcome.Running, running.Outcome);
        Assert.False(running.Killed);

        run.Dispose(); // an error stopped it: logged as failed, not killed

        SyncRunRecord failed = Assert.Single(SyncHistory.Read(folder.Path));
        Assert.Equal(SyncRunOutcome.Failed, failed.Outcome);
        Assert.False(failed.Killed);
        Assert.Equal(1, failed.Errors);
        Assert.NotNull(failed.EndTime);
    }

    [Fact]
    public void A_run_of_a_live_process_that_left_no_end_line_and_holds_no_lock_shows_as_failed()
    {
        // A session that goes on after its run ended without an end line (the log could not be written): the process
        // is alive, but the run is not, which the released lock tells.
        using var folder = new TempFolder();
        string log = Path.Combine(folder.Path, ".sportsdata", "runs.jsonl");
        var run = SyncRun.Start(folder.Path, new PolarSyncResult(), null);
        string startLineOnly = File.ReadAllText(log);
        run.Dispose();
        File.WriteAllText(log, startLineOnly);

        SyncRunRecord record = Assert.Single(SyncHistory.Read(folder.Path));
        Assert.Equal(Environment.ProcessId, record.ProcessId);
        Assert.Equal(SyncRunOutcome.Failed, record.Outcome);
        Assert.True(record.Killed);
    }

    [Fact]
    public void A_root_lists_the_runs_of_every_dataset_below_it_newest_first_and_Last_keeps_the_newest()
    {
        using var root = new TempFolder();
        Complete(Path.Combine(root.Path, "polar-men"), new PolarSyncResult { Account = "men", New = 1 });
        Complete(Path.Combine(root.Path, "valor"), new ValorSyncResult { New = 2 });
        Complete(Path.Combine(root.Path, "polar-men"), new PolarSyncResult { Account = "men", Unchanged = 1 });
        Directory.CreateDirectory(Path.Combine(root.Path, "not-a-dataset"));

        IReadOnlyList<SyncRunRecord> runs = SyncHistory.Read(root.Path);

        Assert.Equal(new[] { "Polar", "Valor", "Polar" }, runs.Select(r => r.Vendor));
        Assert.Equal(new[] { 0, 2, 1 }, runs.Select(r => r.New));
        Assert.Equal("men", runs[0].Account);
        Assert.Null(runs[1].Account);
        Assert.All(runs, r => Assert.Equal(SyncRunOutcome.Completed, r.Outcome));
        Assert.Equal(Path.Combine(root.Path, "valor"), runs[1].Path);
        Assert.Equal(new[] { 0, 2 }, SyncHistory.Read(root.Path, last: 2).Select(r => r.New));
        Assert.Single(SyncHistory.Read(Path.Combine(root.Path, "valor")));
    }

    [Fact]
    public void Old_logs_without_start_lines_and_fragments_still_read()
    {
        using var folder = new TempFolder();
        var state = SyncStateStore.Load(folder.Path);
        state.AppendRun(new PolarSyncResult { New = 3, StartTime = DateTime.UtcNow.AddHours(-1), EndTime = DateTime.UtcNow.AddHours(-1) }, 0, "completed");
        File.AppendAllText(state.RunLogPath, "{\"vendor\":\"Pol"); // killed mid-line
        state.AppendRun(new PolarSyncResult { Failed = 1, StartTime = DateTime.UtcNow, EndTime = DateTime.UtcNow }, 1, "completed with errors");

        IReadOnlyList<SyncRunRecord> runs = SyncHistory.Read(folder.Path);

        Assert.Equal(new[] { SyncRunOutcome.CompletedWithErrors, SyncRunOutcome.Completed }, runs.Select(r => r.Outcome));
        Assert.Equal(1, runs[0].Errors);
        Assert.Null(runs[0].RunId);
    }

    [Fact]
    public void A_folder_with_no_dataset_is_an_error_naming_Path()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<SportsDataException>(() => SyncHistory.Read(folder.Path));
        Assert.Equal("Path", error.ParameterName);
        Assert.Contains("no sync dataset", error.Message);
        var missing = Assert.Throws<SportsDataException>(() => SyncHistory.Read(folder.File("missing")));
        Assert.Contains("does not exist", missing.Message);
    }

    private static void Complete(string folder, SyncResult result)
    {
        using SyncRun run = SyncRun.Start(folder, result, null);
        run.Complete();
        Thread.Sleep(5); // distinct start times
    }
}
