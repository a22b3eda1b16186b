using SportsData.Sandbox.Aikynetix;
using SportsData.Sync;
using SportsData.Sync.Aikynetix;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Sync;

/// <summary>Sync-ManagedSession's engine over loopback HTTP into real folders.</summary>
public class ManagedSessionSyncTests : AikynetixClientTestBase
{
    private readonly DatasetFolder _dataset;

    public ManagedSessionSyncTests() => _dataset = Own(new DatasetFolder());

    private Task<ManagedSessionSyncResult> Sync(Action<ManagedSessionSyncOptions>? configure = null, string? path = null)
    {
        var options = new ManagedSessionSyncOptions { Path = path ?? _dataset.Folder, ReportError = _dataset.Report };
        configure?.Invoke(options);
        return ManagedSessionSync.RunAsync(Client, options, CancellationToken.None);
    }

    private Dictionary<string, Dictionary<string, string>> Table()
    {
        var records = DatasetCsv.ReadRecords(_dataset.File("sessions.csv")).ToList();
        string[] header = records[0];
        return records.Skip(1).ToDictionary(r => r[0], r => header.Select((name, i) => (name, r[i])).ToDictionary(p => p.name, p => p.Item2));
    }

    private static string DemoSignatureOf(string id) => SportsData.Sandbox.DemoRandom.Hash("aik-media-" + id).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    private List<string> Media() => Server.World.RequestLog.Where(r => r.StartsWith("GET " + AikynetixSimulator.MediaPrefix, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task One_row_per_session_with_metrics_flattened_and_a_rerun_makes_one_listing_request_and_rewrites_nothing()
    {
        ManagedSessionSyncResult first = await Sync();

        Assert.Equal(Data.Sessions.Count, first.New);
        Assert.Equal(1, first.Requests);
        var table = Table();
        Assert.Equal(Data.Sessions.Select(s => s.Id).OrderBy(i => i, StringComparer.Ordinal), table.Keys);
        string[] header = DatasetCsv.ReadRecords(_dataset.File("sessions.csv")).First();
        Assert.Equal(new[] { "session_id", "title", "activity", "created_at" }, header.Take(4));
        Assert.Equal("deleted_at", header[^1]);
        Assert.Equal("extra", header[^2]);
        Assert.Equal(header.Where(ManagedSessionDataset.IsFlattened).OrderBy(c => c, StringComparer.Ordinal), header.Where(ManagedSessionDataset.IsFlattened));

        var running = Data.Sessions.First(s => s.Activity == "Running" && s.State == "analyzed");
        var row = table[running.Id];
        Assert.Equal(running.Title, row["title"]);
        Assert.Equal(running.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:00.000"), row["created_at"]);
        Assert.Equal(Convert.ToString(running.Metrics["cadence_spm"], System.Globalization.CultureInfo.InvariantCulture), row["metrics.cadence_spm"]);
        var angles = (IDictionary<string, object>)running.Metrics["joint_angles"];
        Assert.Equal(Convert.ToString(angles["knee_flexion_deg"], System.Globalization.CultureInfo.InvariantCulture), row["metrics.joint_angles.knee_flexion_deg"]);
        Assert.Equal("Coach Morgan", row["report_comments.coach.name"]);
        Assert.DoesNotContain("signature", row["analyzed_video_url"]); // signed part never stored
        Assert.EndsWith("/analyzed_video.mp4", row["analyzed_video_url"]);
        Assert.Equal("", row["deleted_at"]);

        var before = _dataset.Hashes();
        var times = TempFolder.WriteTimes(_dataset.Folder);
        Server.World.ClearRequestLog();
        ManagedSessionSyncResult second = await Sync();

        Assert.Equal(Data.Sessions.Count, second.Unchanged);
        Assert.Equal(0, second.New + second.Changed + second.Files);
        Assert.Equal(new[] { "GET " + AikynetixSimulator.SessionsPath }, Server.World.RequestLog);
        Assert.Empty(DatasetFolder.Differences(before, _dataset.Hashes()));
        Assert.Equal(times, TempFolder.WriteTimes(_dataset.Folder));
    }

    [Fact]
    public async Task Changed_sessions_are_updated_in_place_new_ones_added_and_deleted_ones_kept_and_marked()
    {
        await Sync();
        var sessions = Data.Sessions;
        string retitled = sessions[3].Id, retimed = sessions[10].Id, deleted = sessions[20].Id;
        var processing = sessions.First(s => s.State != "analyzed");
        Assert.True(Data.Update(retitled, "renamed by the coach", null));
        Assert.True(Data.Update(retimed, null, new DateTime(2026, 5, 1, 9, 15, 0)));
        Data.Analyze(processing);
        Assert.True(Data.Remove(deleted));
        var late = Data.ArriveLater(2);

        ManagedSessionSyncResult result = await Sync();

        Assert.Equal(2, result.New);
        Assert.Equal(3, result.Changed);
        Assert.Equal(1, result.Deleted);
        var table = Table();
        Assert.Equal(sessions.Count + 2, table.Count); // one row per id: nothing duplicated, nothing dropped
        Assert.Equal("renamed by the coach", table[retitled]["title"]);
        Assert.Equal("2026-05-01T09:15:00.000", table[retimed]["created_at"]);
        Assert.Equal("analyzed", table[processing.Id]["state"]);
        Assert.NotEqual("", table[processing.Id]["analyzed_video_url"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", table[deleted]["deleted_at"]);
        Assert.Equal(sessions[20].Title, table[deleted]["title"]); // its last known data stays
        Assert.All(late, s => Assert.Equal("processing", table[s.Id]["state"]));

        ManagedSessionSyncResult again = await Sync();
        Assert.Equal(0, again.Deleted + again.New + again.Changed);
    }

    [Fact]
    public async Task Videos_are_downloaded_once_and_again_only_when_the_analyzed_video_changed()
    {
        var analyzed = Data.Sessions.Where(s => s.HasAnalyzedVideo).ToList();
        var log = CapturingLog.Install();
        ManagedSessionSyncResult first = await Sync(o => o.IncludeVideos = true);
        Assert.Contains(log.ProgressReports, p => p.Activity == ManagedSessionSync.Activity && p.Done == analyzed.Count && p.Total == analyzed.Count);
        Assert.DoesNotContain("signature=" + DemoSignatureOf(analyzed[0].Id), log.All); // signed URLs never shown

        Assert.Equal(analyzed.Count, Media().Count);
        Assert.Equal(analyzed.Count + 1, first.Files); // the videos and sessions.csv
        var seed = analyzed[0];
        Assert.Equal(AikynetixSimulator.VideoBytes(seed), File.ReadAllBytes(_dataset.File($"videos/{seed.Id}.mp4")));
        Assert.Equal(analyzed.Count, Directory.GetFiles(_dataset.File("videos")).Length);

        Server.World.ClearRequestLog();
        ManagedSessionSyncResult second = await Sync(o => o.IncludeVideos = true);
        Assert.Empty(Media());
        Assert.Equal(0, second.Files);

        Assert.True(Data.Reanalyze(seed.Id));
        File.Delete(_dataset.File($"videos/{analyzed[1].Id}.mp4"));
        Server.World.ClearRequestLog();
        ManagedSessionSyncResult third = await Sync(o => o.IncludeVideos = true);

        Assert.Equal(2, Media().Count); // the re-analyzed video and the missing file, nothing else
        Assert.Equal(1, third.Changed);
        Assert.Equal(AikynetixSimulator.VideoBytes(seed), File.ReadAllBytes(_dataset.File($"videos/{seed.Id}.mp4")));
        Assert.Contains("analyzed_video_r2.mp4", Table()[seed.Id]["analyzed_video_url"]);
    }

    [Fact]
    public async Task A_listed_video_path_that_is_not_a_download_link_is_fetched_through_the_analyzed_video_endpoint_once()
    {
        Server.World.Aikynetix.ListStoragePaths = true;
        var analyzed = Data.Sessions.Where(s => s.HasAnalyzedVideo).ToList();

        ManagedSessionSyncResult first = await Sync(o => o.IncludeVideos = true);

        Assert.Equal(0, first.Failed);
        Assert.Equal(analyzed.Count, Server.World.RequestLog.Count(r => r.Contains("/analyzed-video/", StringComparison.Ordinal)));
        Assert.Equal(AikynetixSimulator.VideoBytes(analyzed[0]), File.ReadAllBytes(_dataset.File($"videos/{analyzed[0].Id}.mp4")));
        Assert.StartsWith("gs://", Table()[analyzed[0].Id]["analyzed_video_url"]);
        Assert.Equal(analyzed.Count, Data.Sessions.Count(s => s.HasAnalyzedVideo)); // no analysis was started

        Server.World.ClearRequestLog();
        await Sync(o => o.IncludeVideos = true);
        Assert.Equal(new[] { "GET " + AikynetixSimulator.SessionsPath }, Server.World.RequestLog);
    }
}
