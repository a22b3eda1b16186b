using System.Text.Json;
using SportsData.Sync;
using SportsData.Tests.Infrastructure;
using static SportsData.Tests.Sync.SyncContractCase;

namespace SportsData.Tests.Sync;

/// <summary>
/// The sync contract every vendor adapter passes, over real HTTP to the simulators and real files on the real disk:
/// what a first run, a rerun, a new, edited, deleted or failing item, a failing listing, a crash at any write step, a
/// killed process and -WhatIf do to a dataset, and that the run log says what the result says.
/// </summary>
public class SyncContractTests : SimulatorTestBase
{
    public static TheoryData<string> Vendors => new() { SyncContractCase.Polar, SyncContractCase.Valor, SyncContractCase.Aikynetix };

    /// <summary>Every vendor, with an item added (false) or edited (true) after the first run.</summary>
    public static TheoryData<string, bool> VendorsAndChanges
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (string vendor in new[] { SyncContractCase.Polar, SyncContractCase.Valor, SyncContractCase.Aikynetix })
            {
                data.Add(vendor, false);
                data.Add(vendor, true);
            }
            return data;
        }
    }

    /// <summary>The vendor's case (closed after the test) and a folder for its dataset (deleted after the test).</summary>
    private async Task<(SyncContractCase Vendor, TempFolder Folder)> StartInFolderAsync(string name) =>
        (OwnAsyncDisposable(await StartAsync(name)), Own(new TempFolder()));

    /// <summary>As <see cref="StartInFolderAsync"/>, after a first run into the folder: its result.</summary>
    private async Task<(SyncContractCase Vendor, TempFolder Folder, SyncResult First)> StartSyncedAsync(string name)
    {
        var (vendor, folder) = await StartInFolderAsync(name);
        return (vendor, folder, await vendor.SyncAsync(folder.Path));
    }

    /// <summary>Every file of the dataset, the state included, without the run log and the lock (which every run touches).</summary>
    private static SortedDictionary<string, string> Everything(string folder)
    {
        var snapshot = TempFolder.Snapshot(folder, includeState: true);
        foreach (string runFile in snapshot.Keys.Where(k => k.StartsWith(".sportsdata/runs", StringComparison.Ordinal) || k.StartsWith(".sportsdata/lock", StringComparison.Ordinal)).ToList()) snapshot.Remove(runFile);
        return snapshot;
    }

    private static async Task<SortedDictionary<string, string>> CleanSnapshotAsync(SyncContractCase vendor)
    {
        using var clean = new TempFolder();
        await vendor.SyncAsync(clean.Path);
        return TempFolder.Snapshot(clean.Path);
    }

    /// <summary>The run log's last line says what <paramref name="result"/> says.</summary>
    private static void AssertLogged(string folder, SyncResult result, string outcome)
    {
        using JsonDocument line = JsonDocument.Parse(SyncStateStore.ReadRunLog(folder)[^1]);
        JsonElement run = line.RootElement;
        Assert.Equal(outcome, run.GetProperty("outcome").GetString());
        Assert.Equal(result.Vendor, run.GetProperty("vendor").GetString());
        Assert.Equal(DatasetCsv.UtcTime(result.StartTime), run.GetProperty("start").GetString());
        var expected = new (string Name, long Value)[]
        {
            ("new", result.New), ("changed", result.Changed), ("unchanged", result.Unchanged), ("deleted", result.Deleted), ("failed", result.Failed),
            ("rows", result.Rows), ("files", result.Files), ("bytes", result.Bytes), ("requests", result.Requests), ("retries", result.Retries),
            ("errors", result.Failed),
        };
        foreach ((string name, long value) in expected) Assert.True(value == run.GetProperty(name).GetInt64(), $"{name}: result {value}, run log {run.GetProperty(name).GetInt64()}");
    }

    /// <summary>The run completed (as the run log says) and left the dataset byte for byte as a clean run into an empty folder does.</summary>
    private static async Task AssertCompletedAsACleanRunAsync(SyncContractCase vendor, string folder, SyncResult result)
    {
        Assert.Equal(await CleanSnapshotAsync(vendor), TempFolder.Snapshot(folder));
        AssertLogged(folder, result, "completed");
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task A_first_run_stores_every_item_and_logs_the_run_with_the_results_counts(string name)
    {
        var (vendor, folder) = await StartInFolderAsync(name);

        SyncResult result = await vendor.SyncAsync(folder.Path);

        Assert.True(result.New > 0, "nothing stored");
        Assert.Equal((0, 0, 0, 0), (result.Changed, result.Unchanged, result.Deleted, result.Failed));
        Assert.Equal(folder.Path, result.Path);
        Assert.Contains(TempFolder.Snapshot(folder.Path).Keys, k => k.EndsWith(".csv", StringComparison.Ordinal) && !k.Contains('/'));
        Assert.True(result.Files > 0 && result.Bytes > 0 && result.Requests > 0);
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.partial", SearchOption.AllDirectories));
        Assert.Single(SyncStateStore.ReadRunLog(folder.Path));
        AssertLogged(folder.Path, result, "completed");
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task A_rerun_with_nothing_new_only_lists_and_writes_nothing(string name)
    {
        var (vendor, folder, first) = await StartSyncedAsync(name);
        var before = Everything(folder.Path);
        vendor.World.ClearRequestLog();

        SyncResult again = await vendor.SyncAsync(folder.Path);

        Assert.Equal((0, 0, first.New, 0, 0), (again.New, again.Changed, again.Unchanged, again.Deleted, again.Failed));
        Assert.Equal(0, again.Files);
        Assert.Equal(before, Everything(folder.Path));
        Assert.NotEmpty(vendor.World.RequestLog);
        Assert.DoesNotContain(vendor.World.RequestLog, vendor.IsFetch);
        Assert.Equal(2, SyncStateStore.ReadRunLog(folder.Path).Count);
        AssertLogged(folder.Path, again, "completed");
    }

    /// <summary>A new item is fetched alone; an edited one is fetched again and replaced without duplicates.</summary>
    [Theory]
    [MemberData(nameof(VendorsAndChanges))]
    public async Task A_new_or_edited_item_is_fetched_alone_and_the_dataset_equals_a_clean_run(string name, bool edit)
    {
        var (vendor, folder, first) = await StartSyncedAsync(name);

        int changed = edit ? vendor.EditItem() : vendor.AddItem();
        SyncResult result = await vendor.SyncAsync(folder.Path);

        var expected = edit ? (0, changed, first.New - changed, 0) : (changed, 0, first.New, 0);
        Assert.Equal(expected, (result.New, result.Changed, result.Unchanged, result.Failed));
        await AssertCompletedAsACleanRunAsync(vendor, folder.Path, result);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task A_deleted_item_is_kept_and_marked_once_with_the_runs_start(string name)
    {
        var (vendor, folder, _) = await StartSyncedAsync(name);

        (string table, string key) = vendor.DeleteItem();
        SyncResult result = await vendor.SyncAsync(folder.Path);

        Assert.Equal((1, 0), (result.Deleted, result.Failed));
        string row = Assert.Single(File.ReadAllLines(folder.File(table)), l => l.StartsWith(key + ",", StringComparison.Ordinal));
        Assert.EndsWith("," + DatasetCsv.UtcTime(result.StartTime), row); // one stamp per run: its start
        AssertLogged(folder.Path, result, "completed");
        var marked = Everything(folder.Path);

        SyncResult again = await vendor.SyncAsync(folder.Path);
        Assert.Equal(0, again.Deleted);
        Assert.Equal(marked, Everything(folder.Path));
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task A_failed_item_is_reported_counted_as_an_error_and_fetched_again_next_run(string name)
    {
        var (vendor, folder) = await StartInFolderAsync(name);
        var errors = new List<(Exception Error, object? Target)>();
        string target = vendor.BreakItem();

        SyncResult result = await vendor.SyncAsync(folder.Path, o => o.ReportError = (e, t) => errors.Add((e, t)));

        Assert.Equal(1, result.Failed);
        var error = Assert.Single(errors);
        Assert.Equal(target, error.Target);
        Assert.IsAssignableFrom<SportsDataException>(error.Error);
        AssertLogged(folder.Path, result, "completed with errors");

        vendor.World.Faults.Clear();
        vendor.World.ClearRequestLog();
        SyncResult next = await vendor.SyncAsync(folder.Path);
        Assert.Equal(0, next.Failed);
        Assert.Contains(vendor.World.RequestLog, vendor.IsFetch); // fetched again
        await AssertCompletedAsACleanRunAsync(vendor, folder.Path, next);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task A_failed_listing_is_an_error_the_run_log_records_as_completed_with_errors_and_marks_nothing_deleted(string name)
    {
        var (vendor, folder, _) = await StartSyncedAsync(name);
        vendor.DeleteItem(); // a complete listing would mark it
        var errors = new List<Exception>();
        vendor.BreakListing();

        SyncResult result = await vendor.SyncAsync(folder.Path, o => o.ReportError = (e, _) => errors.Add(e));

        Assert.True(result.Failed >= 1);
        Assert.Equal(result.Failed, errors.Count);
        Assert.Equal(0, result.Deleted);
        AssertLogged(folder.Path, result, "completed with errors");

        vendor.World.Faults.Clear();
        SyncResult next = await vendor.SyncAsync(folder.Path);
        Assert.Equal((1, 0), (next.Deleted, next.Failed));
        AssertLogged(folder.Path, next, "completed");
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task A_crash_at_every_write_step_followed_by_a_rerun_gives_the_dataset_of_a_clean_run(string name)
    {
        var (vendor, clean) = await StartInFolderAsync(name);
        var record = new CrashAt(int.MaxValue);
        await vendor.SyncAsync(clean.Path, o => o.BeforeWrite = record.Before);
        var expected = TempFolder.Snapshot(clean.Path);
        Assert.Contains(record.Steps, s => s.StartsWith("table ", StringComparison.Ordinal));
        Assert.Contains("state", record.Steps);

        for (int step = 1; step <= record.Steps.Count; step++)
        {
            using var folder = new TempFolder();
            var crash = new CrashAt(step);
            await Assert.ThrowsAsync<SimulatedCrash>(() => vendor.SyncAsync(folder.Path, o => o.BeforeWrite = crash.Before));
            Assert.Equal("failed", JsonDocument.Parse(SyncStateStore.ReadRunLog(folder.Path)[^1]).RootElement.GetProperty("outcome").GetString());

            SyncResult rerun = await vendor.SyncAsync(folder.Path);

            Assert.Equal(0, rerun.Failed);
            var differences = DatasetFolder.Differences(expected, TempFolder.Snapshot(folder.Path));
            Assert.True(differences.Count == 0, $"crash before step {step} ({record.Steps[step - 1]}): " + string.Join(", ", differences));
            SyncResult third = await vendor.SyncAsync(folder.Path);
            Assert.Equal(0, third.New + third.Changed + third.Files); // the state caught up with the data
        }
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task A_killed_process_leaves_a_dataset_that_the_next_run_completes_byte_identical(string name)
    {
        var (vendor, clean) = await StartInFolderAsync(name);
        using var folder = new TempFolder();
        await vendor.ChildSyncAsync(clean.Path);
        var expected = TempFolder.Snapshot(clean.Path);
        vendor.SlowDownFetches();

        await SyncChildProcess.KillMidSyncAsync(vendor.Server.BaseUri, folder.Path, vendor.Vendor, () => vendor.ChildProgressed(folder.Path), vendor.World);
        vendor.World.Faults.Clear();
        Assert.NotEmpty(DatasetFolder.Differences(expected, TempFolder.Snapshot(folder.Path)));

        vendor.World.ClearRequestLog();
        SyncResult rerun = await vendor.ChildSyncAsync(folder.Path); // the dead process's lock does not block

        Assert.Equal(0, rerun.Failed);
        Assert.Contains(vendor.World.RequestLog, vendor.IsFetch); // it continued where the killed run stopped
        Assert.Empty(DatasetFolder.Differences(expected, TempFolder.Snapshot(folder.Path)));
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.partial", SearchOption.AllDirectories));
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task WhatIf_writes_nothing_fetches_nothing_and_counts_what_the_run_then_does(string name)
    {
        var (vendor, folder) = await StartInFolderAsync(name);
        string fresh = folder.File("not-yet");
        SyncResult firstPreview = await vendor.SyncAsync(fresh, o => { o.WhatIf = true; o.ShouldProcess = (_, _) => Task.FromResult(false); });
        Assert.True(firstPreview.WhatIf);
        Assert.False(Directory.Exists(fresh));

        string path = folder.File("dataset");
        SyncResult first = await vendor.SyncAsync(path);
        Assert.Equal(firstPreview.New, first.New);
        vendor.AddItem();
        vendor.EditItem();
        vendor.DeleteItem();
        var before = TempFolder.Snapshot(path, includeState: true);
        before.Remove(".sportsdata/lock");
        vendor.World.ClearRequestLog();
        var asked = new List<(string Target, string Action)>();

        SyncResult preview = await vendor.SyncAsync(path, o => { o.WhatIf = true; o.ShouldProcess = (t, a) => { asked.Add((t, a)); return Task.FromResult(false); }; });

        var after = TempFolder.Snapshot(path, includeState: true);
        after.Remove(".sportsdata/lock");
        Assert.Equal(before, after); // not even the run log
        Assert.DoesNotContain(vendor.World.RequestLog, vendor.IsFetch);
        Assert.True(preview.New > 0 && preview.Changed > 0 && preview.Deleted == 1, $"new {preview.New}, changed {preview.Changed}, deleted {preview.Deleted}");
        Assert.True(asked.Count >= preview.New + preview.Changed + preview.Deleted);

        SyncResult run = await vendor.SyncAsync(path);
        Assert.Equal((preview.New, preview.Changed, preview.Unchanged, preview.Deleted), (run.New, run.Changed, run.Unchanged, run.Deleted));
    }
}
