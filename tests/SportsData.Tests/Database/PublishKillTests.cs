using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Xunit.Abstractions;
using SportsData.Database;
using SportsData.Tests.Sync;

namespace SportsData.Tests.Database;

/// <summary>A real publishing process killed at random moments, then a rerun: the database equals an uninterrupted load.</summary>
[Collection(PostgresCollection.Name)]
public class PublishKillTests
{
    private readonly PostgresServer _server;
    private readonly SandboxDatasets _datasets;
    private readonly ITestOutputHelper _output;

    public PublishKillTests(PostgresServer server, SandboxDatasets datasets, ITestOutputHelper output)
    {
        _output = output;
        _server = server;
        _datasets = datasets;
    }

    /// <summary>Sample files large enough (about 2 s of loading in all) that kills land inside COPYs and transactions.</summary>
    private static void AddLargeSampleFiles(string polar, int files, int rows)
    {
        var start = new DateTime(2026, 7, 1, 18, 0, 0);
        for (int f = 0; f < files; f++)
        {
            string id = "synthetic-" + f.ToString("D2", CultureInfo.InvariantCulture);
            string folder = Path.Combine(polar, "samples", "synthetic", "2026-07-01");
            Directory.CreateDirectory(folder);
            var text = new StringBuilder("team_session_id,player_session_id,player_id,time,offset_ms,heart_rate,speed,distance\r\n");
            for (int r = 0; r < rows; r++)
            {
                int offset = r * 100;
                text.Append("ts-synthetic,").Append(id).Append(",player-").Append(f).Append(',')
                    .Append(start.AddMilliseconds(offset).ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(',')
                    .Append(offset).Append(',').Append(120 + (r + f) % 60).Append(',')
                    .Append((((r * 7 + f) % 300) / 10.0).ToString("R", CultureInfo.InvariantCulture)).Append(',')
                    .Append((r * 0.35).ToString("R", CultureInfo.InvariantCulture)).Append("\r\n");
            }
            File.WriteAllText(Path.Combine(folder, id + ".csv"), text.ToString());
        }
    }

    [Fact]
    public async Task Killed_at_random_moments_then_rerun_the_database_equals_an_uninterrupted_load_table_by_table()
    {
        using TempFolder polar = _datasets.Copy("polar");
        AddLargeSampleFiles(polar.Path, files: 6, rows: 20_000);
        string database = await _server.CreateDatabaseAsync();
        string connectionString = _server.ConnectionString(database);
        var password = PostgresServer.Password;

        var clock = Stopwatch.StartNew();
        await DatasetPublisher.PublishAsync(new PublishOptions { Path = polar.Path, ConnectionString = connectionString, Password = password, Schema = "clean" }, CancellationToken.None);
        TimeSpan uninterrupted = clock.Elapsed;
        await using NpgsqlConnection connection = await _server.OpenAsync(database);
        SortedDictionary<string, string> expected = await DatabaseContent.SnapshotAsync(connection, "clean");
        int units = int.Parse(expected["sportsdata_loads"].Split(':')[0], CultureInfo.InvariantCulture);

        var random = new Random(Environment.TickCount);
        var partial = new List<int>();
        for (int round = 1; round <= 3; round++)
        {
            // Each round: a fresh schema, two publishing processes killed at random moments, then a complete run.
            string schema = "polar_" + round;
            for (int kill = 0; kill < 2; kill++)
            {
                // The child needs about half a second to start; kill somewhere between then and an uninterrupted load's length later.
                int delay = 400 + random.Next((int)uninterrupted.TotalMilliseconds);
                using Process child = PublishChildProcess.Start(polar.Path, connectionString, schema, password);
                await Task.Delay(delay);
                if (!child.HasExited) child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
                await WaitForBackendsToEndAsync(connection, database);
                partial.Add(await LoadedUnitsAsync(connection, schema));
                _output.WriteLine($"{schema}: killed after {delay} ms (uninterrupted load: {uninterrupted.TotalMilliseconds:F0} ms): {partial[^1]} of {units} units loaded");
            }

            await DatasetPublisher.PublishAsync(new PublishOptions { Path = polar.Path, ConnectionString = connectionString, Password = password, Schema = schema }, CancellationToken.None);
            SortedDictionary<string, string> actual = await DatabaseContent.SnapshotAsync(connection, schema);
            Assert.Equal(expected.Keys, actual.Keys);
            foreach (string table in expected.Keys) Assert.Equal((schema, table, expected[table]), (schema, table, actual[table]));
        }
        // The kills did land mid-load (some units loaded, not all), so the reruns had work to finish.
        Assert.Contains(partial, loaded => loaded > 0 && loaded < units);
    }

    private static async Task<int> LoadedUnitsAsync(NpgsqlConnection connection, string schema)
    {
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{schema}.sportsdata_loads') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync())!) return 0;
        }
        await using var command = new NpgsqlCommand($"SELECT count(*)::int FROM {schema}.sportsdata_loads", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A killed client's server process ends when the server notices the dropped connection (rolling back its transaction, releasing its lock).</summary>
    private static async Task WaitForBackendsToEndAsync(NpgsqlConnection connection, string database)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @d AND application_name LIKE 'SportsData%'", connection);
            command.Parameters.AddWithValue("d", database);
            if ((long)(await command.ExecuteScalarAsync())! == 0) return;
            await Task.Delay(50);
        }
        Assert.Fail("the killed publisher's server process did not end within 20 s");
    }
}
