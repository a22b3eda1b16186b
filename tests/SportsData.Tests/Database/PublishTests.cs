using System.Net;
using Npgsql;
using SportsData.Database;
using SportsData.Sync;
using SportsData.Tests.Infrastructure;
using SportsData.Tests.Sync;

namespace SportsData.Tests.Database;

/// <summary>Publish-SportsDataset's engine against a real PostgreSQL server, on datasets synced from the sandbox.</summary>
[Collection(PostgresCollection.Name)]
public class PublishTests
{
    private static readonly Dictionary<string, string[]> SampleKeys = new()
    {
        ["samples"] = new[] { "player_session_id", "offset_ms" },
        ["rr"] = new[] { "player_session_id", "index" },
        ["ik"] = new[] { "session_id", "frame", "joint" },
    };

    private readonly PostgresServer _server;
    private readonly SandboxDatasets _datasets;

    public PublishTests(PostgresServer server, SandboxDatasets datasets)
    {
        _server = server;
        _datasets = datasets;
    }

    private async Task<(List<PublishResult> Results, List<(Exception Error, object? Unit)> Errors)> PublishAsync(string path, string database, string? schema = null, NetworkCredential? credential = null, string? connectionString = null)
    {
        var results = new List<PublishResult>();
        var errors = new List<(Exception, object?)>();
        credential ??= new NetworkCredential(PostgresServer.User, PostgresServer.Password);
        var options = new PublishOptions
        {
            Path = path,
            ConnectionString = connectionString ?? _server.ConnectionString(database),
            UserName = string.IsNullOrEmpty(credential.UserName) ? null : credential.UserName,
            Password = string.IsNullOrEmpty(credential.Password) ? null : credential.Password,
            Schema = schema,
            WriteResult = results.Add,
            ReportError = (ex, unit) => errors.Add((ex, unit)),
        };
        await DatasetPublisher.PublishAsync(options, CancellationToken.None);
        return (results, errors);
    }

    /// <summary>Every table file and sample folder of a dataset equals its table: row count and ordered checksum.</summary>
    private static async Task AssertDatabaseEqualsFilesAsync(NpgsqlConnection connection, string folder, string vendor, string schema)
    {
        var tables = Directory.EnumerateFiles(folder, "*.csv*").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(tables);
        foreach (string file in tables)
        {
            string name = Path.GetFileName(file).Split('.')[0];
            string[] key = PublishContract.KeyOf(vendor, name)!;
            var compared = await DatabaseContent.CompareAsync(connection, schema, name, new[] { file }, key);
            Assert.True(compared.FileRows > 0, name);
            Assert.Equal((name, compared.FileRows, compared.FileHash), (name, compared.TableRows, compared.TableHash));
        }
        foreach (SampleSet set in PublishContract.SampleSetsOf(vendor))
        {
            string sampleFolder = Path.Combine(folder, set.Folder);
            if (!Directory.Exists(sampleFolder)) continue;
            var files = Directory.EnumerateFiles(sampleFolder, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
            var compared = await DatabaseContent.CompareAsync(connection, schema, set.Folder, files, SampleKeys[set.Folder]);
            Assert.True(compared.FileRows > 0, set.Folder);
            Assert.Equal((set.Folder, compared.FileRows, compared.FileHash), (set.Folder, compared.TableRows, compared.TableHash));
        }
    }

    [Fact]
    public async Task All_three_vendors_load_equal_to_their_files_typed_and_keyed_and_a_rerun_writes_no_row()
    {
        using TempFolder root = _datasets.Copy();
        string database = await _server.CreateDatabaseAsync();
        var log = CapturingLog.Install();

        var (results, errors) = await PublishAsync(root.Path, database);

        Assert.Empty(errors);
        Assert.Equal(new[] { "Aikynetix", "Polar", "Valor" }, results.Select(r => r.Vendor));
        Assert.All(results, r => Assert.Equal(0, r.Failed));
        Assert.Equal(8, results.Single(r => r.Vendor == "Polar").TablesLoaded);
        Assert.True(results.Single(r => r.Vendor == "Polar").FilesLoaded >= 14); // 7 player sessions: samples + RR
        Assert.True(results.Single(r => r.Vendor == "Valor").FilesLoaded > 0);
        Assert.Contains(log.ProgressReports, p => p.Activity == DatasetPublisher.Activity);
        await using NpgsqlConnection connection = await _server.OpenAsync(database);
        foreach ((string folder, string vendor) in new[] { ("polar", "Polar"), ("valor", "Valor"), ("aikynetix", "Aikynetix") })
        {
            await AssertDatabaseEqualsFilesAsync(connection, Path.Combine(root.Path, folder), vendor, folder);
        }

        // Typed after the contract: ids text, local times timestamp, UTC times timestamptz, numbers numeric, keys primary keys.
        var sessions = await DatabaseContent.ColumnTypesAsync(connection, "polar", "team_sessions");
        Assert.Equal("text", sessions["team_session_id"]);
        Assert.Equal("timestamp without time zone", sessions["start_time"]);
        Assert.Equal("timestamp with time zone", sessions["modified"]);
        Assert.Equal("timestamp with time zone", sessions["deleted_at"]); // typed by the contract while still empty
        Assert.Equal("double precision", sessions["latitude"]);
        var players = await DatabaseContent.ColumnTypesAsync(connection, "polar", "player_sessions");
        Assert.Equal("bigint", players["duration_ms"]);
        var samples = await DatabaseContent.ColumnTypesAsync(connection, "polar", "samples");
        Assert.Equal("timestamp without time zone", samples["time"]);
        Assert.Equal("integer", samples["offset_ms"]);
        Assert.Equal("double precision", samples["heart_rate"]);
        Assert.Equal("text", samples["player_session_id"]);
        Assert.Equal("integer", (await DatabaseContent.ColumnTypesAsync(connection, "valor", "ik"))["frame"]);
        Assert.Equal("timestamp with time zone", (await DatabaseContent.ColumnTypesAsync(connection, "valor", "sessions"))["date"]);
        Assert.Equal(new[] { "player_session_id", "offset_ms" }, await DatabaseContent.PrimaryKeyAsync(connection, "polar", "samples"));
        Assert.Equal(new[] { "session_id", "frame", "joint" }, await DatabaseContent.PrimaryKeyAsync(connection, "valor", "ik"));
        Assert.Equal(new[] { "session_id", "group", "metric", "side" }, await DatabaseContent.PrimaryKeyAsync(connection, "valor", "reports"));
        Assert.Equal(new[] { "team_session_id", "marker_index" }, await DatabaseContent.PrimaryKeyAsync(connection, "polar", "markers"));

        // A rerun with nothing new: every unit unchanged, not one row inserted, updated or deleted.
        var before = new Dictionary<string, long>();
        foreach (string schema in new[] { "polar", "valor", "aikynetix" }) before[schema] = await DatabaseContent.RowsWrittenAsync(connection, schema);
        var (rerun, rerunErrors) = await PublishAsync(root.Path, database);
        Assert.Empty(rerunErrors);
        Assert.All(rerun, r => Assert.Equal((0, 0, 0, 0L), (r.TablesLoaded, r.FilesLoaded, r.FilesRemoved, r.Rows)));
        Assert.Equal(results.Sum(r => r.TablesLoaded + r.FilesLoaded), rerun.Sum(r => r.Unchanged));
        foreach (string schema in before.Keys) Assert.Equal(before[schema], await DatabaseContent.RowsWrittenAsync(connection, schema));
        Assert.DoesNotContain(PostgresServer.Password, log.All);
    }

    [Fact]
    public async Task Parquet_sample_files_load_exactly_the_rows_the_Csv_files_of_the_same_sessions_load_and_a_rerun_writes_no_row()
    {
        using var csv = new TempFolder();
        using var parquet = new TempFolder();
        await using (PolarSyncWorld polar = await PolarSyncWorld.StartAsync())
        {
            await polar.SyncAsync(csv.Path);
            await polar.SyncAsync(parquet.Path, o => o.Format = DataFormat.Parquet);
        }
        var parquetFiles = Directory.EnumerateFiles(parquet.File("samples"), "*", SearchOption.AllDirectories).ToList();
        Assert.Equal(7, parquetFiles.Count);
        Assert.All(parquetFiles, f => Assert.EndsWith(".parquet", f));
        string database = await _server.CreateDatabaseAsync();

        var (csvResults, csvErrors) = await PublishAsync(csv.Path, database, "polar_csv");
        var (results, errors) = await PublishAsync(parquet.Path, database, "polar_parquet");

        Assert.Empty(csvErrors);
        Assert.Empty(errors);
        PublishResult csvResult = csvResults.Single(), result = results.Single();
        Assert.Equal((csvResult.TablesLoaded, csvResult.FilesLoaded, csvResult.Rows, 0), (result.TablesLoaded, result.FilesLoaded, result.Rows, result.Failed));
        await using NpgsqlConnection connection = await _server.OpenAsync(database);
        await AssertDatabaseEqualsFilesAsync(connection, csv.Path, "Polar", "polar_csv");
        // Every table, samples included, equal row for row (count and md5 of the rows in order) and typed alike.
        var csvContent = await DatabaseContent.SnapshotAsync(connection, "polar_csv");
        var parquetContent = await DatabaseContent.SnapshotAsync(connection, "polar_parquet");
        csvContent.Remove("sportsdata_loads");
        parquetContent.Remove("sportsdata_loads");
        Assert.Equal(csvContent, parquetContent);
        Assert.False(parquetContent["samples"].StartsWith("0:", StringComparison.Ordinal));
        Assert.Equal(await DatabaseContent.ColumnTypesAsync(connection, "polar_csv", "samples"), await DatabaseContent.ColumnTypesAsync(connection, "polar_parquet", "samples"));
        await using (var records = new NpgsqlCommand("SELECT count(*) FROM polar_parquet.sportsdata_loads WHERE unit LIKE 'file:samples/%.parquet' AND row_count > 0 AND session_key IS NOT NULL", connection))
        {
            Assert.Equal(7L, (long)(await records.ExecuteScalarAsync())!);
        }

        long written = await DatabaseContent.RowsWrittenAsync(connection, "polar_parquet");
        var (rerun, rerunErrors) = await PublishAsync(parquet.Path, database, "polar_parquet");
        Assert.Empty(rerunErrors);
        Assert.Equal((0, 0, 0L, result.TablesLoaded + result.FilesLoaded), (rerun.Single().TablesLoaded, rerun.Single().FilesLoaded, rerun.Single().Rows, rerun.Single().Unchanged));
        Assert.Equal(written, await DatabaseContent.RowsWrittenAsync(connection, "polar_parquet"));
    }

    [Fact]
    public async Task An_edited_session_replaces_its_rows_a_removed_file_removes_them_and_only_changed_rows_are_written()
    {
        using TempFolder polar = _datasets.Copy("polar");
        string database = await _server.CreateDatabaseAsync();
        await PublishAsync(polar.Path, database);
        await using NpgsqlConnection connection = await _server.OpenAsync(database);
        long written = await DatabaseContent.RowsWrittenAsync(connection, "polar");

        // A session's samples edited (fewer rows, other values), another's removed, one table row changed.
        var sampleFiles = Directory.EnumerateFiles(polar.File("samples"), "*.csv", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
        string[] lines = File.ReadAllLines(sampleFiles[0]);
        int kept = lines.Length / 2;
        File.WriteAllText(sampleFiles[0], string.Join("\r\n", lines.Take(kept)) + "\r\n");
        File.Delete(sampleFiles[1]);
        string teams = polar.File("teams.csv");
        string[] teamLines = File.ReadAllLines(teams);
        string[] firstTeam = teamLines[1].Split(',');
        firstTeam[1] = "Renamed team";
        teamLines[1] = string.Join(",", firstTeam);
        File.WriteAllText(teams, string.Join("\r\n", teamLines) + "\r\n");

        var (results, errors) = await PublishAsync(polar.Path, database);
        Assert.Empty(errors);
        PublishResult result = results.Single();
        Assert.Equal((1, 1, 1), (result.TablesLoaded, result.FilesLoaded, result.FilesRemoved));
        await AssertDatabaseEqualsFilesAsync(connection, polar.Path, "Polar", "polar");
        // Written: the team row updated; the edited session deleted and copied again; the removed one deleted.
        long afterEdit = await DatabaseContent.RowsWrittenAsync(connection, "polar");
        Assert.True(afterEdit - written < 1 + 2 * (lines.Length - 1) + 10_000, $"{afterEdit - written} rows written");
        Assert.True(afterEdit - written >= 1 + (kept - 1), $"{afterEdit - written} rows written");
    }

    [Fact]
    public async Task A_new_dataset_column_is_added_and_a_column_the_user_added_does_not_break_loads()
    {
        using TempFolder polar = _datasets.Copy("polar");
        string database = await _server.CreateDatabaseAsync();
        await PublishAsync(polar.Path, database);
        await _server.ExecuteAsync(database, "ALTER TABLE polar.team_sessions ADD COLUMN coach_note text NOT NULL DEFAULT 'kept'; ALTER TABLE polar.samples ADD COLUMN flagged boolean");

        // A newer sync adds zone columns to a table and a sample type to the sample files.
        string table = polar.File("team_sessions.csv");
        string[] lines = File.ReadAllLines(table);
        File.WriteAllText(table, string.Join("\r\n", lines.Select((l, i) => l + (i == 0 ? ",zone_minutes_total" : "," + (i * 7)))) + "\r\n");
        string samples = Directory.EnumerateFiles(polar.File("samples"), "*.csv", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).First();
        string[] sampleLines = File.ReadAllLines(samples);
        File.WriteAllText(samples, string.Join("\r\n", sampleLines.Select((l, i) => l + (i == 0 ? ",core_temperature" : ",37.5"))) + "\r\n");

        var (results, errors) = await PublishAsync(polar.Path, database);
        Assert.Empty(errors);
        await using NpgsqlConnection connection = await _server.OpenAsync(database);
        await AssertDatabaseEqualsFilesAsync(connection, polar.Path, "Polar", "polar");
        Assert.Equal("bigint", (await DatabaseContent.ColumnTypesAsync(connection, "polar", "team_sessions"))["zone_minutes_total"]);
        Assert.Equal("double precision", (await DatabaseContent.ColumnTypesAsync(connection, "polar", "samples"))["core_temperature"]);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM polar.team_sessions WHERE coach_note = 'kept'", connection);
        Assert.Equal((long)(lines.Length - 1), (long)(await command.ExecuteScalarAsync())!);

        // A value that no longer fits the column's type widens it (bigint -> double precision) instead of failing.
        File.WriteAllText(table, string.Join("\r\n", File.ReadAllLines(table).Select((l, i) => i == 1 ? l.Substring(0, l.LastIndexOf(',')) + ",7.5" : l)) + "\r\n");
        (_, errors) = await PublishAsync(polar.Path, database);
        Assert.Empty(errors);
        Assert.Equal("double precision", (await DatabaseContent.ColumnTypesAsync(connection, "polar", "team_sessions"))["zone_minutes_total"]);
        await AssertDatabaseEqualsFilesAsync(connection, polar.Path, "Polar", "polar");
    }

    [Fact]
    public async Task A_second_load_into_the_same_schema_is_refused_at_once_naming_the_lock()
    {
        using TempFolder polar = _datasets.Copy("polar");
        string database = await _server.CreateDatabaseAsync();
        await using NpgsqlConnection holder = await _server.OpenAsync(database);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({SportsData.Database.Postgres.PostgresTarget.LockClass}, hashtext('polar'))", holder)) await take.ExecuteNonQueryAsync();

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SportsDataException>(() => PublishAsync(polar.Path, database));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal("Publish.SchemaLocked", error.ErrorId);
        Assert.Equal("Schema", error.ParameterName);
        Assert.Contains("pg_try_advisory_lock", error.Message);
        Assert.Contains("'polar'", error.Message);
        Assert.DoesNotContain(PostgresServer.Password, error.ToString());

        // Another schema is free; the same one after the holder lets go.
        var (other, _) = await PublishAsync(polar.Path, database, schema: "polar_copy");
        Assert.Equal("polar_copy", other.Single().Schema);
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({SportsData.Database.Postgres.PostgresTarget.LockClass}, hashtext('polar'))", holder)) await release.ExecuteNonQueryAsync();
        var (results, errors) = await PublishAsync(polar.Path, database);
        Assert.Empty(errors);
        Assert.Equal(8, results.Single().TablesLoaded);
    }

    [Fact]
    public async Task A_root_whose_one_dataset_is_locked_publishes_the_others_and_gives_the_locked_one_its_own_error()
    {
        using TempFolder root = _datasets.Copy();
        string polar = Path.Combine(root.Path, "polar");
        string database = await _server.CreateDatabaseAsync();
        List<PublishResult> results;
        List<(Exception Error, object? Unit)> errors;
        using (DatasetLock.Acquire(polar))
        {
            (results, errors) = await PublishAsync(root.Path, database);
        }

        var (error, unit) = Assert.Single(errors);
        Assert.Equal("Publish.DatasetLocked", Assert.IsType<SportsDataException>(error).ErrorId);
        Assert.Equal(polar, unit);
        Assert.Equal(new[] { "aikynetix", "valor" }, results.Select(r => r.Schema).OrderBy(s => s, StringComparer.Ordinal));
        await using NpgsqlConnection connection = await _server.OpenAsync(database);
        Assert.Empty(await DatabaseContent.TablesAsync(connection, "polar"));
        Assert.NotEmpty(await DatabaseContent.TablesAsync(connection, "valor"));
    }

    [Fact]
    public async Task Every_bad_input_names_its_parameter_never_shows_the_password_and_loses_nothing()
    {
        using TempFolder root = _datasets.Copy();
        string polar = Path.Combine(root.Path, "polar");
        string database = await _server.CreateDatabaseAsync();
        // The lock files are the dataset lock's own (taken and released by the sync and by this command alike).
        SortedDictionary<string, string> Files() => new(TempFolder.Snapshot(root.Path).Where(f => !f.Key.EndsWith("/lock", StringComparison.Ordinal) && !f.Key.EndsWith("/lock.owner", StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value), StringComparer.Ordinal);
        var before = Files();
        var log = CapturingLog.Install();
        const string WrongPassword = "Wr0ng-Passw0rd-55213";

        async Task<SportsDataException> Fails(string errorId, string parameter, Func<Task> publish)
        {
            var error = await Assert.ThrowsAsync<SportsDataException>(publish);
            Assert.Equal((errorId, parameter), (error.ErrorId, error.ParameterName));
            foreach (string secret in new[] { PostgresServer.Password, WrongPassword })
            {
                Assert.DoesNotContain(secret, error.ToString());
                Assert.DoesNotContain(secret, error.Message);
            }
            return error;
        }

        await Fails("Publish.AuthenticationFailed", "Credential", () => PublishAsync(polar, database, credential: new NetworkCredential(PostgresServer.User, WrongPassword)));
        await Fails("Publish.AuthenticationFailed", "ConnectionString", () => PublishAsync(polar, database, connectionString: _server.ConnectionString(database) + ";Password=" + WrongPassword, credential: new NetworkCredential(null, (string?)null)));
        await Fails("Publish.AuthenticationFailed", "Credential", () => PublishAsync(polar, database, connectionString: _server.ConnectionString(database), credential: new NetworkCredential(null, (string?)null)));
        var unreachable = await Fails("Publish.ServerUnreachable", "ConnectionString", () => PublishAsync(polar, database, connectionString: $"Host=127.0.0.1;Port={LoopbackPort.Free()};Database={database};Username=postgres;Timeout=3"));
        Assert.Contains("127.0.0.1", unreachable.Message);
        await Fails("Publish.ServerUnreachable", "ConnectionString", () => PublishAsync(polar, database, connectionString: $"Host=no-such-host.invalid;Port=5432;Database={database};Username=postgres;Timeout=3"));
        var missing = await Fails("Publish.DatabaseNotFound", "ConnectionString", () => PublishAsync(polar, database, connectionString: _server.ConnectionString("no_such_database")));
        Assert.Contains("no_such_database", missing.Message);
        await Fails("InvalidParameter.ConnectionString", "ConnectionString", () => PublishAsync(polar, database, connectionString: "Hostt=x;Password=" + WrongPassword));
        await Fails("InvalidParameter.ConnectionString", "ConnectionString", () => PublishAsync(polar, database, connectionString: "Host=127.0.0.1;Password=" + WrongPassword));
        using (var notADataset = new TempFolder())
        {
            File.WriteAllText(notADataset.File("notes.csv"), "a,b\r\n1,2\r\n");
            await Fails("Publish.NotADataset", "Path", () => PublishAsync(notADataset.Path, database));
        }
        await Fails("InvalidParameter.Path", "Path", () => PublishAsync(Path.Combine(root.Path, "missing"), database));
        await Fails("InvalidParameter.Schema", "Schema", () => PublishAsync(root.Path, database, schema: "one_for_three"));
        using (DatasetLock.Acquire(polar))
        {
            var locked = await Fails("Publish.DatasetLocked", "Path", () => PublishAsync(polar, database));
            Assert.Contains("sync", locked.Message);
        }

        // Nothing was written anywhere: the files are as they were, the database has no schema.
        Assert.Equal(before, Files());
        await using NpgsqlConnection connection = await _server.OpenAsync(database);
        Assert.Empty(await DatabaseContent.TablesAsync(connection, "polar"));
        Assert.DoesNotContain(PostgresServer.Password, log.All);
        Assert.DoesNotContain(WrongPassword, log.All);
    }
}
