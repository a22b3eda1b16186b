using SportsData.Sandbox.Aikynetix;
using SportsData.Tests.Infrastructure;
using SportsData.Tests.Sync;

namespace SportsData.Tests.Aikynetix;

/// <summary>Update, delete and the analyzed video (URL, generation, download) over loopback HTTP.</summary>
public class AikynetixWriteAndVideoTests : AikynetixClientTestBase
{
    private readonly string _folder;

    public AikynetixWriteAndVideoTests() => _folder = Own(new TempFolder()).Path;

    [Fact]
    public async Task An_update_changes_title_and_timestamp_for_later_reads()
    {
        string id = Data.Sessions[40].Id;
        var timestamp = new DateTime(2026, 2, 6, 14, 30, 59);

        string? message = await Client.UpdateSessionAsync(id, "Updated Running Session", timestamp, None);

        Assert.Equal(id + " was successfully updated", message);
        Assert.Contains("PUT /session-management/sessions/" + id, Server.World.RequestLog);
        var reread = await Client.GetSessionAsync(id, None);
        Assert.NotNull(reread);
        Assert.Equal("Updated Running Session", reread!.Title);
        Assert.Equal(new DateTime(2026, 2, 6, 14, 30, 0), reread.CreatedAt);
        var listed = (await Client.GetSessionsAsync(null, None).ToListAsync()).Single(s => s.SessionId == id);
        Assert.Equal("Updated Running Session", listed.Title);
    }

    [Fact]
    public async Task An_update_of_the_title_alone_keeps_the_timestamp()
    {
        var seed = Data.Sessions[3];
        DateTime before = seed.CreatedAt;
        await Client.UpdateSessionAsync(seed.Id, "only the title", null, None);
        Assert.Equal(before, Data.Find(seed.Id)!.CreatedAt);
        Assert.Equal("only the title", Data.Find(seed.Id)!.Title);
    }

    [Fact]
    public async Task Update_and_delete_of_a_missing_session_are_object_not_found()
    {
        var update = await Assert.ThrowsAsync<SportsDataException>(() => Client.UpdateSessionAsync("no-such-session", "x", null, None));
        Assert.Equal("Aikynetix.SessionNotFound", update.ErrorId);
        Assert.Equal(FailureKind.NotFound, update.Kind);
        Assert.Equal("no-such-session", update.Target);
        var delete = await Assert.ThrowsAsync<SportsDataException>(() => Client.DeleteSessionAsync("no-such-session", None));
        Assert.Equal("Aikynetix.SessionNotFound", delete.ErrorId);
        Assert.Contains("Session no-such-session not found", delete.Message);
    }

    [Fact]
    public async Task An_update_with_nothing_to_change_is_refused_before_any_request()
    {
        var ex = await Assert.ThrowsAsync<SportsDataException>(() => Client.UpdateSessionAsync(Data.Sessions[0].Id, null, null, None));
        Assert.Equal("Title", ex.ParameterName);
        Assert.DoesNotContain(Server.World.RequestLog, l => l.StartsWith("PUT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Non_admins_cannot_update_or_delete_but_can_read_back_through_the_list()
    {
        var athlete = ConnectAikynetix(Server, AikynetixSimulator.DemoAthleteApiKey);
        var own = Data.Sessions.First(s => s.User.Id == Data.Athletes[0].Id);
        var ex = await Assert.ThrowsAsync<SportsDataException>(() => athlete.Client().UpdateSessionAsync(own.Id, "mine", null, None));
        Assert.Equal("Aikynetix.Forbidden", ex.ErrorId);
        Assert.Equal(FailureKind.PermissionDenied, ex.Kind);
        var del = await Assert.ThrowsAsync<SportsDataException>(() => athlete.Client().DeleteSessionAsync(own.Id, None));
        Assert.Equal("Aikynetix.Forbidden", del.ErrorId);

        var reread = await athlete.Client().GetSessionAsync(own.Id, None);
        Assert.Equal(own.Title, reread!.Title);
        Assert.Contains("GET " + AikynetixSimulator.SessionsPath, Server.World.RequestLog);
    }

    [Fact]
    public async Task A_delete_removes_the_session_from_later_reads()
    {
        string id = Data.Sessions[10].Id;
        Assert.Equal(id + " was successfully deleted", await Client.DeleteSessionAsync(id, None));
        var sessions = await Client.GetSessionsAsync(null, None).ToListAsync();
        Assert.Equal(AikynetixDemoData.SessionCount - 1, sessions.Count);
        Assert.DoesNotContain(sessions, s => s.SessionId == id);
        Assert.Null(await Client.GetSessionAsync(id, None));
        Assert.Contains("DELETE /session-management/sessions/" + id, Server.World.RequestLog);
    }

    [Fact]
    public async Task The_analyzed_video_url_honours_jump_weight_and_download_flags()
    {
        var seed = Data.Sessions.First(s => s.HasAnalyzedVideo && s.Activity == "Vertical Jump");
        var video = await Client.GetAnalyzedVideoAsync(seed.Id, true, false, true, None);

        Assert.Equal(seed.Id, video.SessionId);
        Assert.True(video.IsDownloadUrl);
        Assert.True(video.IsJump);
        Assert.False(video.IsWeight);
        Assert.StartsWith(Server.BaseUri.AbsoluteUri.TrimEnd('/') + "/sandbox-media/" + seed.Id, video.Url);
        Assert.Contains("GET /session-management/sessions/" + seed.Id + "/analyzed-video/?is_jump=true&download=true", Server.World.RequestLog);

        var plain = await Client.GetAnalyzedVideoAsync(seed.Id, false, true, false, None);
        Assert.False(plain.IsDownloadUrl);
        Assert.Contains("GET /session-management/sessions/" + seed.Id + "/analyzed-video/?is_weight=true", Server.World.RequestLog);
    }

    [Fact]
    public async Task A_plan_without_analyzed_videos_gets_a_clear_error()
    {
        var noPlan = ConnectAikynetix(Server, AikynetixSimulator.DemoNoPlanApiKey);
        string id = Data.Sessions.First(s => s.HasAnalyzedVideo).Id;
        var ex = await Assert.ThrowsAsync<SportsDataException>(() => noPlan.Client().GetAnalyzedVideoAsync(id, false, false, false, None));
        Assert.Equal("Aikynetix.PlanRequired", ex.ErrorId);
        Assert.Equal(FailureKind.PermissionDenied, ex.Kind);
        Assert.Contains("valid payment plan", ex.Message);
        var post = await Assert.ThrowsAsync<SportsDataException>(() => noPlan.Client().RequestAnalyzedVideoAsync(id, false, false, None));
        Assert.Equal("Aikynetix.PlanRequired", post.ErrorId);
        var missing = await Assert.ThrowsAsync<SportsDataException>(() => Client.GetAnalyzedVideoAsync("no-such-session", false, false, false, None));
        Assert.Equal("Aikynetix.SessionNotFound", missing.ErrorId);
    }

    [Fact]
    public async Task Requesting_generation_analyzes_the_session_and_a_second_request_is_rejected()
    {
        var seed = Data.Sessions.First(s => !s.HasAnalyzedVideo && s.Activity == "Weightlifting");
        var before = (await Client.GetSessionsAsync(null, None).ToListAsync()).Single(s => s.SessionId == seed.Id);
        Assert.False(before.HasAnalyzedVideo);

        var video = await Client.RequestAnalyzedVideoAsync(seed.Id, false, true, None);
        Assert.Contains("/sandbox-media/" + seed.Id + "/", video.Url);
        var after = (await Client.GetSessionsAsync(null, None).ToListAsync()).Single(s => s.SessionId == seed.Id);
        Assert.True(after.HasAnalyzedVideo);
        Assert.Equal("analyzed", after.State);
        Assert.NotEmpty(after.Metrics);

        var again = await Assert.ThrowsAsync<SportsDataException>(() => Client.RequestAnalyzedVideoAsync(seed.Id, false, true, None));
        Assert.Equal("Aikynetix.VideoRequestRejected", again.ErrorId);
        Assert.Contains("Video already analyzed", again.Message);
    }

    [Fact]
    public async Task A_download_writes_the_exact_bytes_with_progress_and_leaves_no_partial_file()
    {
        var log = CapturingLog.Install();
        var seed = Data.Sessions.First(s => s.HasAnalyzedVideo);
        var video = await Client.GetAnalyzedVideoAsync(seed.Id, false, false, true, None);
        string path = Path.Combine(_folder, "video.mp4");

        long length = await Client.DownloadAsync(seed.Id, video.Url!, path, false, None);

        byte[] expected = AikynetixSimulator.VideoBytes(seed);
        Assert.Equal(expected.Length, length);
        Assert.Equal(expected, await File.ReadAllBytesAsync(path));
        Assert.Equal(new[] { "video.mp4" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Contains(log.ProgressReports, p => p.Total == expected.Length && p.Done == expected.Length);
        Assert.DoesNotContain(seed.Id.Length > 0 ? "signature=" + video.Url!.Split("signature=")[1].Split('&')[0] : "?", log.All);
    }

    [Fact]
    public async Task A_download_does_not_overwrite_unless_asked_and_then_replaces_the_file()
    {
        var seed = Data.Sessions.First(s => s.HasAnalyzedVideo);
        var video = await Client.GetAnalyzedVideoAsync(seed.Id, false, false, true, None);
        string path = Path.Combine(_folder, "existing.mp4");
        await File.WriteAllTextAsync(path, "old");

        var ex = await Assert.ThrowsAsync<SportsDataException>(() => Client.DownloadAsync(seed.Id, video.Url!, path, false, None));
        Assert.Equal("Aikynetix.FileExists", ex.ErrorId);
        Assert.Equal("old", await File.ReadAllTextAsync(path));

        await Client.DownloadAsync(seed.Id, video.Url!, path, true, None);
        Assert.Equal(AikynetixSimulator.VideoBytes(seed), await File.ReadAllBytesAsync(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_dropped_download_is_retried_and_completes()
    {
        var seed = Data.Sessions.First(s => s.HasAnalyzedVideo);
        var video = await Client.GetAnalyzedVideoAsync(seed.Id, false, false, true, None);
        Server.World.Faults.AddDroppedConnection("/sandbox-media/", times: 2);
        string path = Path.Combine(_folder, "retried.mp4");

        await Client.DownloadAsync(seed.Id, video.Url!, path, false, None);

        Assert.Equal(AikynetixSimulator.VideoBytes(seed), await File.ReadAllBytesAsync(path));
        Assert.Equal(0, Server.World.Faults.Pending);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_stalled_download_times_out_and_is_retried()
    {
        var connection = ConnectAikynetix(Server, configure: o => o.Retry.AttemptTimeout = TimeSpan.FromSeconds(1.5));
        var seed = Data.Sessions.First(s => s.HasAnalyzedVideo);
        var video = await connection.Client().GetAnalyzedVideoAsync(seed.Id, false, false, true, None);
        Server.World.Faults.AddDelay("/sandbox-media/", TimeSpan.FromSeconds(30));
        var log = CapturingLog.Install();
        string path = Path.Combine(_folder, "stalled.mp4");

        await connection.Client().DownloadAsync(seed.Id, video.Url!, path, false, None);

        Assert.Equal(AikynetixSimulator.VideoBytes(seed), await File.ReadAllBytesAsync(path));
        Assert.Contains("retrying", log.All);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task An_expired_signed_url_fails_clearly_and_writes_nothing()
    {
        var seed = Data.Sessions.First(s => s.HasAnalyzedVideo);
        string url = Server.BaseUri.AbsoluteUri + "sandbox-media/" + seed.Id + "/analyzed_video.mp4?signature=expired";
        string path = Path.Combine(_folder, "never.mp4");
        var ex = await Assert.ThrowsAsync<SportsDataException>(() => Client.DownloadAsync(seed.Id, url, path, false, None));
        Assert.Equal("Aikynetix.DownloadFailed", ex.ErrorId);
        Assert.Equal(FailureKind.PermissionDenied, ex.Kind);
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
