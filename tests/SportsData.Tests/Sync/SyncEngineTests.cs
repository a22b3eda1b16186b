using System.IO.Compression;
using System.Text;
using SportsData.Http;
using SportsData.Sync;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Sync;

/// <summary>The generic sync engine on real files: tables, state, lock, commit order, write failures.</summary>
public class SyncEngineTests : SimulatorTestBase
{
    private static readonly string[] Columns = { "session_id", "part", "name", "value", "deleted_at" };
    private static readonly string[] Keys = { "session_id", "part" };

    [Fact]
    public void A_table_is_written_sorted_by_key_in_the_dataset_csv_rules_and_read_back()
    {
        using var folder = new TempFolder();
        var table = KeyedCsvTable.Load(folder.File("t.csv"), Columns, Keys);
        table.Upsert(new[] { "b", "2", "comma, here", "1.5", null });
        table.Upsert(new[] { "a", "1", "quote \" and\r\nline", null, null });
        table.Upsert(new[] { "b", "10", "plain", "x", null });
        table.Save();

        string text = File.ReadAllText(folder.File("t.csv"));
        Assert.Equal("session_id,part,name,value,deleted_at\r\n"
            + "a,1,\"quote \"\" and\r\nline\",,\r\n"
            + "b,10,plain,x,\r\n"
            + "b,2,\"comma, here\",1.5,\r\n", text);
        Assert.NotEqual(0xEF, File.ReadAllBytes(folder.File("t.csv"))[0]); // no BOM

        var again = KeyedCsvTable.Load(folder.File("t.csv"), Columns, Keys);
        Assert.Equal(3, again.Count);
        Assert.Equal("quote \" and\r\nline", again.Value(again.Find("a", "1")!, "name"));
        Assert.Null(again.Value(again.Find("a", "1")!, "value"));
    }

    [Fact]
    public void An_unchanged_table_is_not_rewritten()
    {
        using var folder = new TempFolder();
        var table = KeyedCsvTable.Load(folder.File("t.csv"), Columns, Keys);
        table.Upsert(new[] { "a", "1", "x", "1", null });
        Assert.True(table.Save() > 0);
        // A write time years back: any rewrite sets it to now, whatever the file system's time resolution.
        var written = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(folder.File("t.csv"), written);

        var again = KeyedCsvTable.Load(folder.File("t.csv"), Columns, Keys);
        Assert.False(again.Upsert(new[] { "a", "1", "x", "1", null }));
        Assert.Equal(0, again.Save());
        Assert.Equal(written, File.GetLastWriteTimeUtc(folder.File("t.csv")));

        Assert.True(again.Upsert(new[] { "a", "1", "y", "1", null }));
        Assert.True(again.Save() > 0);
        Assert.Contains("a,1,y,1,", File.ReadAllText(folder.File("t.csv")));
    }

    [Fact]
    public void ReplaceWhere_replaces_all_rows_of_one_item_without_duplicates_and_leaves_others()
    {
        using var folder = new TempFolder();
        var table = KeyedCsvTable.Load(folder.File("t.csv"), Columns, Keys);
        table.ReplaceWhere("session_id", "s1", new[] { new[] { "s1", "1", "a", null, null }, new[] { "s1", "2", "b", null, null }, new[] { "s1", "3", "c", null, null } });
        table.ReplaceWhere("session_id", "s2", new[] { new[] { "s2", "1", "z", null, null } });

        Assert.True(table.ReplaceWhere("session_id", "s1", new[] { new[] { "s1", "1", "a2", null, null }, new[] { "s1", "2", "b", null, null } }));
        Assert.False(table.ReplaceWhere("session_id", "s1", new[] { new[] { "s1", "1", "a2", null, null }, new[] { "s1", "2", "b", null, null } }));

        Assert.Equal(new[] { "s1|1|a2", "s1|2|b", "s2|1|z" }, table.Rows.Select(r => r[0] + "|" + r[1] + "|" + r[2]));
        Assert.Throws<ArgumentException>(() => table.ReplaceWhere("session_id", "s1", new[] { new[] { "s2", "9", "wrong parent", null, null } }));
    }

    [Fact]
    public void MarkDeleted_stamps_once_and_keeps_the_row()
    {
        using var folder = new TempFolder();
        var table = KeyedCsvTable.Load(folder.File("t.csv"), Columns, Keys);
        table.Upsert(new[] { "s1", "1", "a", null, null });
        Assert.Equal(1, table.MarkDeleted("session_id", "s1", new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc)));
        Assert.Equal(0, table.MarkDeleted("session_id", "s1", new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("2026-01-02T03:04:05.678Z", table.Value(table.Find("s1", "1")!, "deleted_at"));
    }

    [Fact]
    public void A_gzip_table_round_trips_and_an_older_layout_is_read_by_header_name()
    {
        using var folder = new TempFolder();
        var table = KeyedCsvTable.Load(folder.File("t.csv.gz"), Columns, Keys);
        table.Upsert(new[] { "a", "1", "x", "2", null });
        table.Save();
        using (var gzip = new GZipStream(File.OpenRead(folder.File("t.csv.gz")), CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip))
        {
            Assert.StartsWith("session_id,part,name,value,deleted_at\r\na,1,x,2,\r\n", reader.ReadToEnd());
        }

        File.WriteAllText(folder.File("old.csv"), "name,session_id,part\r\nolder,s9,1\r\n");
        var old = KeyedCsvTable.Load(folder.File("old.csv"), Columns, Keys);
        Assert.Equal("older", old.Value(old.Find("s9", "1")!, "name"));
        Assert.True(old.Save() > 0); // rewritten in the current layout
        Assert.StartsWith("session_id,part,name,value,deleted_at\r\n", File.ReadAllText(folder.File("old.csv")));
    }

    [Fact]
    public void The_state_round_trips_is_written_only_when_changed_and_classifies_items()
    {
        using var folder = new TempFolder();
        var state = SyncStateStore.Load(folder.Path);
        var stream = state.Stream("polar/team/t1/sessions");
        Assert.Equal(SyncItemStatus.New, stream.Classify("s1", "v1"));
        stream.SetVersion("s1", "v1");
        stream.SetVersion("s2", "v1");
        stream.MarkFailed("s2");
        stream.Set("cursor", "abc");
        Assert.True(state.Save() > 0);
        Assert.Equal(0, state.Save());

        var loaded = SyncStateStore.Load(folder.Path).Stream("polar/team/t1/sessions");
        Assert.Equal(SyncItemStatus.Unchanged, loaded.Classify("s1", "v1"));
        Assert.Equal(SyncItemStatus.Changed, loaded.Classify("s1", "v2"));
        Assert.Equal(SyncItemStatus.Changed, loaded.Classify("s2", "v1")); // failed last time: fetch again
        Assert.Equal("abc", loaded.Get("cursor"));
    }

    [Fact]
    public void The_run_log_gets_one_json_line_per_run_even_after_a_killed_run_left_a_fragment()
    {
        using var folder = new TempFolder();
        var state = SyncStateStore.Load(folder.Path);
        state.AppendRun(new PolarSyncResult { New = 3, StartTime = DateTime.UtcNow, EndTime = DateTime.UtcNow }, 0, "completed");
        File.AppendAllText(state.RunLogPath, "{\"vendor\":\"Pol"); // a run killed mid-line
        state.AppendRun(new PolarSyncResult { Changed = 1, StartTime = DateTime.UtcNow, EndTime = DateTime.UtcNow }, 1, "completed with errors");

        IReadOnlyList<string> runs = SyncStateStore.ReadRunLog(folder.Path);
        Assert.Equal(2, runs.Count);
        Assert.Contains("\"new\":3", runs[0]);
        Assert.Contains("\"errors\":1", runs[1]);
    }

    [Fact]
    public void A_second_writer_is_refused_at_once_naming_the_owner_and_the_lock_is_free_after_dispose()
    {
        using var folder = new TempFolder();
        using (DatasetLock.Acquire(folder.Path))
        {
            var refused = Assert.Throws<SportsDataException>(() => DatasetLock.Acquire(folder.Path));
            Assert.Equal("Sync.DatasetLocked", refused.ErrorId);
            Assert.Equal(FailureKind.InvalidOperation, refused.Kind);
            Assert.Contains("pid " + Environment.ProcessId, refused.Message);
        }
        using (DatasetLock.Acquire(folder.Path)) { }
    }

    [Fact]
    public void A_stale_lock_file_from_a_dead_process_does_not_block()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File(".sportsdata"));
        File.WriteAllText(folder.File(".sportsdata/lock"), "pid 999999 on elsewhere since 2020-01-01T00:00:00.000Z");
        File.WriteAllText(folder.File(".sportsdata/lock.owner"), "pid 999999 on elsewhere since 2020-01-01T00:00:00.000Z");

        using (DatasetLock.Acquire(folder.Path))
        {
            Assert.Contains("pid " + Environment.ProcessId, File.ReadAllText(folder.File(".sportsdata/lock.owner")));
        }
    }

    [Fact]
    public async Task The_committer_writes_data_files_then_tables_then_state()
    {
        using var folder = new TempFolder();
        var steps = new List<string>();
        var state = SyncStateStore.Load(folder.Path);
        var committer = new SyncCommitter(folder.Path, state, new SyncCheckpointPolicy { EveryItems = 2 }) { BeforeWrite = steps.Add };
        var table = committer.Table("items.csv", Columns, Keys);

        for (int i = 1; i <= 2; i++)
        {
            await committer.WriteFileAsync($"data/{i}.csv", (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes("x\r\n"), ct).AsTask(), CancellationToken.None);
            table.Upsert(new[] { "s" + i, "1", "n", null, null });
            state.Stream("test").SetVersion("s" + i, "v");
        }
        Assert.False(committer.ItemCompleted());
        Assert.True(committer.ItemCompleted());

        Assert.Equal(new[] { "file data/1.csv", "file data/2.csv", "table items.csv", "state" }, steps);
        Assert.Equal(3, committer.FilesWritten);
        Assert.True(File.Exists(folder.File(".sportsdata/state.json")));
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_crash_before_the_state_leaves_the_old_state_so_the_next_run_repeats_the_item()
    {
        using var folder = new TempFolder();
        var state = SyncStateStore.Load(folder.Path);
        var committer = new SyncCommitter(folder.Path, state) { BeforeWrite = step => { if (step == "state") throw new IOException("simulated crash"); } };
        var table = committer.Table("items.csv", Columns, Keys);
        table.Upsert(new[] { "s1", "1", "n", null, null });
        state.Stream("test").SetVersion("s1", "v");

        Assert.Throws<SportsDataException>(() => committer.Checkpoint());

        Assert.True(File.Exists(folder.File("items.csv")));
        Assert.Equal(SyncItemStatus.New, SyncStateStore.Load(folder.Path).Stream("test").Classify("s1", "v"));
    }

    [Fact]
    public async Task A_refused_write_is_an_error_naming_Path_and_leaves_the_old_file()
    {
        using var folder = new TempFolder();
        var committer = new SyncCommitter(folder.Path, SyncStateStore.Load(folder.Path));
        await committer.WriteFileAsync("data/1.csv", (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes("old\r\n"), ct).AsTask(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<SportsDataException>(() => committer.WriteFileAsync("data/1.csv", async (s, ct) =>
        {
            await s.WriteAsync(Encoding.UTF8.GetBytes("new, half"), ct);
            throw new IOException("There is not enough space on the disk.");
        }, CancellationToken.None));

        Assert.Equal("Path", error.ParameterName);
        Assert.Contains("-Path", error.Message);
        Assert.Contains("not enough space", error.Message);
        Assert.Equal("old\r\n", File.ReadAllText(folder.File("data/1.csv")));
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_Path_that_is_a_file_is_refused_naming_the_parameter()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("file.txt"), "keep me");
        var error = Assert.Throws<SportsDataException>(() => SyncRun.Start(folder.File("file.txt"), new PolarSyncResult(), null));
        Assert.Equal("Path", error.ParameterName);
        Assert.Contains("is a file", error.Message);
        Assert.Equal("keep me", File.ReadAllText(folder.File("file.txt")));
    }

    [Fact]
    public void A_run_cleans_leftover_temporaries_logs_itself_and_releases_the_lock()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("samples"));
        File.WriteAllText(folder.File("samples/.~x.csv.abc.partial"), "half");
        using (var run = SyncRun.Start(folder.Path, new PolarSyncResult(), null))
        {
            Assert.False(File.Exists(folder.File("samples/.~x.csv.abc.partial")));
            Assert.Throws<SportsDataException>(() => SyncRun.Start(folder.Path, new PolarSyncResult(), null));
            run.Result.New = 2;
            run.Complete();
        }
        using (SyncRun.Start(folder.Path, new PolarSyncResult(), null)) { } // not completed: logged as failed
        var runs = SyncStateStore.ReadRunLog(folder.Path);
        Assert.Equal(2, runs.Count);
        Assert.Contains("\"outcome\":\"completed\"", runs[0]);
        Assert.Contains("\"outcome\":\"failed\"", runs[1]);
    }

    [Fact]
    public async Task The_transport_counts_requests_and_retries()
    {
        var (server, connection) = await StartPolarAsync();
        ApiTransport transport = connection.Client().Transport;
        long before = transport.RequestCount;
        server.World.Faults.AddStatus("/v1/teams", 503, times: 2);

        await connection.Client().GetTeamsAsync(new PagingOptions(100), CancellationToken.None).ToListAsync();

        Assert.Equal(3, transport.RequestCount - before);
        Assert.Equal(2, transport.RetryCount);
    }
}
