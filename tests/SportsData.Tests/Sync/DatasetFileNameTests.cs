using SportsData.Sync;
using SportsData.Sync.Polar;

namespace SportsData.Tests.Sync;

/// <summary>The one file-name rule: the same names on every system, and Polar files named by the earlier rule moved to it.</summary>
public class DatasetFileNameTests
{
    [Theory]
    [InlineData("abc-123_X.y", "abc-123_X.y")]
    [InlineData("a<b>c:d|e?f*g\"h", "a_b_c_d_e_f_g_h")] // characters only Windows refuses are replaced everywhere
    [InlineData("a/b\\c", "a_b_c")]
    [InlineData("team 1 é", "team_1__")]
    [InlineData("..", "__")]
    [InlineData("  ", "_")]
    [InlineData(null, "_")]
    public void An_id_becomes_the_same_file_name_on_every_system(string? id, string expected) =>
        Assert.Equal(expected, DatasetFileName.Segment(id));

    [Fact]
    public void Polar_files_named_by_the_earlier_rule_are_renamed_once_so_nothing_is_fetched_again_or_orphaned()
    {
        using var folder = new TempFolder();
        var result = new PolarSyncResult();
        using SyncRun run = SyncRun.Start(folder.Path, result, null);
        var context = new SyncContext(new PolarSyncOptions { Path = folder.Path }, result, run.DatasetFolder, run.State, run);
        KeyedCsvTable playerSessions = context.Table("player_sessions.csv", PolarDatasetTables.PlayerSessionColumns, PolarDatasetTables.PlayerSessionKey);
        var row = new string?[PolarDatasetTables.PlayerSessionColumns.Length];
        row[0] = "ps 1 x";
        row[playerSessions.IndexOf("team_id")] = "team 1";
        row[playerSessions.IndexOf("start_time")] = "2026-07-01T10:00:00.000";
        playerSessions.Upsert(row);
        row[0] = "plain";
        playerSessions.Upsert(row);
        // What the earlier rule wrote: spaces are valid file-name characters on Windows and Linux, so they stayed.
        string old = folder.File("samples/team 1/2026-07-01/ps 1 x.csv"), oldRR = folder.File("rr/team 1/2026-07-01/ps 1 x.csv.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        Directory.CreateDirectory(Path.GetDirectoryName(oldRR)!);
        File.WriteAllText(old, "samples");
        File.WriteAllText(oldRR, "rr");

        int moved = PolarDataFiles.MigrateNames(context, playerSessions);

        Assert.Equal(2, moved);
        Assert.Equal("samples", File.ReadAllText(folder.File("samples/team_1/2026-07-01/ps_1_x.csv")));
        Assert.Equal("rr", File.ReadAllText(folder.File("rr/team_1/2026-07-01/ps_1_x.csv.gz")));
        Assert.False(File.Exists(old) || File.Exists(oldRR));
        Assert.Equal("samples/team_1/2026-07-01/ps_1_x.csv", PolarDataFiles.Path("samples", "team 1", "2026-07-01T10:00:00.000", "ps 1 x", ".csv"));
        Assert.Equal(0, PolarDataFiles.MigrateNames(context, playerSessions));
    }
}
