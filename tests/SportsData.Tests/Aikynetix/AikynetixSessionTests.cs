using System.Globalization;
using SportsData.Aikynetix;
using SportsData.Http;
using SportsData.Sandbox.Aikynetix;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Aikynetix;

/// <summary>Listing, filtering, paging and fetching sessions over loopback HTTP.</summary>
public class AikynetixSessionTests : AikynetixClientTestBase
{
    private static DateTime ToMinute(DateTime value) => new(value.Year, value.Month, value.Day, value.Hour, value.Minute, 0);

    [Fact]
    public async Task The_session_map_becomes_sessions_keyed_by_id_with_created_at_as_one_datetime()
    {
        var sessions = await Client.GetSessionsAsync(null, None).ToListAsync();

        Assert.Equal(AikynetixDemoData.SessionCount, sessions.Count);
        Assert.Equal(Data.Sessions.Select(s => s.Id), sessions.Select(s => s.SessionId));
        var seed = Data.Sessions[7];
        var session = sessions[7];
        Assert.Equal(ToMinute(seed.CreatedAt), session.CreatedAt);
        Assert.Equal(DateTimeKind.Unspecified, session.CreatedAt!.Value.Kind);
        Assert.Equal(seed.Title, session.Title);
        Assert.Equal(seed.Activity, session.Activity);
        Assert.Equal(seed.User.Id, session.UserId);
        Assert.Equal(seed.User.Name, session.UserName);
        Assert.Equal(seed.Segments, session.Segments);
        Assert.Equal(seed.State, session.State);
        Assert.Equal(seed.UploadedBy, session.UploadedBy);
        Assert.Contains("GET " + AikynetixSimulator.SessionsPath, Server.World.RequestLog);
    }

    [Fact]
    public async Task Metrics_and_report_comments_stay_reachable_as_nested_objects()
    {
        var seed = Data.Sessions.First(s => s.Activity == "Running" && s.HasAnalyzedVideo);
        var session = (await Client.GetSessionsAsync(null, None).ToListAsync()).Single(s => s.SessionId == seed.Id);

        Assert.Equal((long)(int)seed.Metrics["cadence_spm"], session.Metrics["cadence_spm"]);
        var angles = Assert.IsAssignableFrom<IDictionary<string, object?>>(session.Metrics["joint_angles"]);
        Assert.Equal(((IDictionary<string, object>)seed.Metrics["joint_angles"])["knee_flexion_deg"], angles["knee_flexion_deg"]);
        var coach = Assert.IsAssignableFrom<IDictionary<string, object?>>(session.ReportComments["coach"]);
        Assert.Equal("Coach Morgan", coach["name"]);
        Assert.True(session.HasAnalyzedVideo);
        Assert.DoesNotContain("metrics", session.AdditionalProperties.Keys);
    }

    [Fact]
    public async Task The_cap_stops_the_list_early()
    {
        var sessions = await Client.GetSessionsAsync(5, None).ToListAsync();
        Assert.Equal(Data.Sessions.Take(5).Select(s => s.Id), sessions.Select(s => s.SessionId));
    }

    [Fact]
    public async Task A_non_admin_lists_only_their_own_sessions()
    {
        var athlete = ConnectAikynetix(Server, AikynetixSimulator.DemoAthleteApiKey);
        var sessions = await athlete.Client().GetSessionsAsync(null, None).ToListAsync();
        var expected = Data.Sessions.Where(s => s.User.Id == Data.Athletes[0].Id).Select(s => s.Id).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, sessions.Select(s => s.SessionId));
    }

    [Fact]
    public async Task A_404_no_sessions_found_is_an_empty_listing_not_an_error()
    {
        string token = Server.World.Aikynetix.IssueIdToken(new AikynetixUserSeed("nobody-has-sessions", "Nobody", false), TimeSpan.FromHours(1));
        using var connection = AikynetixConnector.ConnectWithIdToken(AikynetixTestConnection.Options(Server), token);
        Assert.Empty(await connection.Client().GetSessionsAsync(null, None).ToListAsync());
        Assert.Empty(await connection.Client().FindSessionsAsync(new AikynetixSessionFilter { Activity = "Running" }, new PagingOptions(10), None).ToListAsync());
    }

    [Fact]
    public async Task Unfiltered_paging_walks_start_after_id_with_the_same_limit_until_a_short_page()
    {
        var sessions = await Client.FindSessionsAsync(new AikynetixSessionFilter(), new PagingOptions(7), None).ToListAsync();

        Assert.Equal(Data.Sessions.Select(s => s.Id), sessions.Select(s => s.SessionId));
        var requests = Server.FilterRequests();
        Assert.Equal((AikynetixDemoData.SessionCount + 6) / 7, requests.Count);
        Assert.All(requests, r => Assert.Contains("limit=7", r));
        Assert.DoesNotContain("start_after_id", requests[0]);
        Assert.EndsWith("start_after_id=" + Data.Sessions[6].Id, requests[1]);
        Assert.EndsWith("start_after_id=" + Data.Sessions[13].Id, requests[2]);
    }

    [Fact]
    public async Task No_page_is_fetched_past_the_cap()
    {
        var fifteen = await Client.FindSessionsAsync(new AikynetixSessionFilter(), new PagingOptions(10, 15), None).ToListAsync();
        Assert.Equal(Data.Sessions.Take(15).Select(s => s.Id), fifteen.Select(s => s.SessionId));
        Assert.Equal(2, Server.FilterRequests().Count);

        Server.World.ClearRequestLog();
        var three = await Client.FindSessionsAsync(new AikynetixSessionFilter(), new PagingOptions(10, 3), None).ToListAsync();
        Assert.Equal(3, three.Count);
        Assert.Equal(new[] { "limit=3" }, Server.FilterRequests().Select(r => r.Substring(r.IndexOf('?') + 1)));
    }

    [Fact]
    public async Task Filtered_listing_is_complete_when_the_server_ignores_start_after_id()
    {
        var log = CapturingLog.Install();
        var expected = Data.Sessions.Where(s => s.Activity == "Running").Select(s => s.Id).ToList();
        Assert.True(expected.Count > 10);

        var sessions = await Client.FindSessionsAsync(new AikynetixSessionFilter { Activity = "Running" }, new PagingOptions(10), None).ToListAsync();

        Assert.Equal(expected.Count, sessions.Count);
        Assert.Equal(expected.ToHashSet(), sessions.Select(s => s.SessionId).ToHashSet());
        var requests = Server.FilterRequests();
        Assert.Contains(requests, r => r.Contains("limit=" + expected.Count));
        Assert.All(requests, r => Assert.Contains("activity=Running", r));
        Assert.Contains("ignores start_after_id", log.All);
        Assert.DoesNotContain("WARNING", log.All);
    }

    [Fact]
    public async Task Filtered_listing_pages_normally_when_the_server_honours_start_after_id()
    {
        Server.World.Aikynetix.PageFilteredListings = true;
        var expected = Data.Sessions.Where(s => s.Activity == "Weightlifting").Select(s => s.Id).ToList();

        var sessions = await Client.FindSessionsAsync(new AikynetixSessionFilter { Activity = "Weightlifting" }, new PagingOptions(10), None).ToListAsync();

        Assert.Equal(expected, sessions.Select(s => s.SessionId));
        Assert.All(Server.FilterRequests(), r => Assert.Contains("limit=10", r));
        Assert.Equal((expected.Count + 9) / 10, Server.FilterRequests().Count);
    }

    [Fact]
    public async Task A_server_cap_below_the_page_size_does_not_end_the_listing_early()
    {
        // PageSize above what the server returns per page: short pages, but query_count says there is more.
        Server.World.Aikynetix.MaxLimit = 40;
        var sessions = await Client.FindSessionsAsync(new AikynetixSessionFilter(), new PagingOptions(100), None).ToListAsync();
        Assert.Equal(Data.Sessions.Select(s => s.Id), sessions.Select(s => s.SessionId));
        Assert.Equal(4, Server.FilterRequests().Count);
    }

    [Fact]
    public async Task Created_dates_go_on_the_wire_as_dd_mm_yyyy_and_bound_the_result_inclusively()
    {
        DateTime after = TestData.AnchorDate.AddDays(-60).AddHours(15), before = TestData.AnchorDate.AddDays(-20).AddHours(3);
        var expected = Data.Sessions.Where(s => s.CreatedAt.Date >= after.Date && s.CreatedAt.Date <= before.Date).Select(s => s.Id).ToHashSet();
        Assert.NotEmpty(expected);

        var sessions = await Client.FindSessionsAsync(new AikynetixSessionFilter { CreatedAfter = after, CreatedBefore = before }, new PagingOptions(500), None).ToListAsync();

        Assert.Equal(expected, sessions.Select(s => s.SessionId).ToHashSet());
        string request = Server.FilterRequests().First();
        Assert.Contains("start_date=" + after.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture), request);
        Assert.Contains("end_date=" + before.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture), request);
    }

    [Fact]
    public async Task Title_user_uploader_and_state_filters_use_their_names_on_the_wire()
    {
        var user = Data.Athletes[1];
        var expected = Data.Sessions.Where(s => s.User.Id == user.Id && s.UploadedBy == Data.SubAdmin.Id && s.State == "analyzed"
            && s.Title.Contains("JUMP", StringComparison.OrdinalIgnoreCase)).Select(s => s.Id).ToList();

        var sessions = await Client.FindSessionsAsync(new AikynetixSessionFilter { Title = "JUMP", UserId = user.Id, UploadedBy = Data.SubAdmin.Id, State = "analyzed" },
            new PagingOptions(50), None).ToListAsync();

        Assert.Equal(expected, sessions.Select(s => s.SessionId));
        string request = Server.FilterRequests().First();
        Assert.Contains("title=JUMP", request);
        Assert.Contains("user_id=" + user.Id, request);
        Assert.Contains("uploaded_by=" + Data.SubAdmin.Id, request);
        Assert.Contains("state=analyzed", request);
    }

    [Fact]
    public async Task Undocumented_names_can_be_corrected_per_connection()
    {
        using var connection = ConnectAikynetix(Server, configure: o =>
        {
            o.Routes.UploadedByParameter = "uploader_id";
            o.Routes.StateParameter = "processing_state";
            o.Routes.FetchByIds = "session-management/sessions/by-ids/";
        });
        Assert.Equal("uploader_id", connection.UploadedByParameterName);
        await connection.Client().FindSessionsAsync(new AikynetixSessionFilter { UploadedBy = "x", State = "failed" }, new PagingOptions(10), None).ToListAsync();
        string request = Server.FilterRequests().First();
        Assert.Contains("uploader_id=x", request);
        Assert.Contains("processing_state=failed", request);
        var ex = await Assert.ThrowsAsync<SportsDataException>(() => connection.Client().GetSessionsByIdAsync(new[] { "a" }, None).ToListAsync());
        Assert.Equal("Aikynetix.FetchEndpointNotFound", ex.ErrorId);
        Assert.Equal("FetchByIdsPath", ex.ParameterName);
        Assert.Contains("session-management/sessions/by-ids/", ex.Message);
        Assert.Equal(Data.Sessions[0].Title, (await connection.Client().GetSessionAsync(Data.Sessions[0].Id, None))!.Title); // falls back to the list
        Assert.Contains("POST /session-management/sessions/by-ids/", Server.World.RequestLog);
        Assert.Equal("session-management/sessions/fetch/", AikynetixRoutes.Defaults.FetchByIds);
    }

    [Fact]
    public async Task A_reversed_date_range_is_refused_before_any_request()
    {
        var ex = Assert.Throws<SportsDataException>(() => Client.FindSessionsAsync(
            new AikynetixSessionFilter { CreatedAfter = new DateTime(2026, 5, 2), CreatedBefore = new DateTime(2026, 5, 1) }, new PagingOptions(10), None));
        Assert.Equal("CreatedAfter", ex.ParameterName);
        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
        var size = Assert.Throws<SportsDataException>(() => Client.FindSessionsAsync(new AikynetixSessionFilter(), new PagingOptions(0), None));
        Assert.Equal("PageSize", size.ParameterName);
        Assert.Empty(Server.FilterRequests());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Admins_fetch_sessions_by_id_in_batches()
    {
        var ids = Data.Sessions.Skip(20).Take(12).Select(s => s.Id).ToList();
        var sessions = await Client.GetSessionsByIdAsync(ids.Append("does-not-exist").ToList(), None).ToListAsync();
        Assert.Equal(ids.ToHashSet(), sessions.Select(s => s.SessionId).ToHashSet());
        Assert.Equal(2, Server.World.RequestLog.Count(l => l == "POST " + AikynetixSimulator.FetchPath));
    }

    [Fact]
    public async Task Non_admins_get_a_clear_not_admin_error_from_fetch_by_id()
    {
        var athlete = ConnectAikynetix(Server, AikynetixSimulator.DemoAthleteApiKey);
        var ex = await Assert.ThrowsAsync<SportsDataException>(() => athlete.Client().GetSessionsByIdAsync(new[] { Data.Sessions[0].Id }, None).ToListAsync());
        Assert.Equal("Aikynetix.NotAdmin", ex.ErrorId);
        Assert.Equal(FailureKind.PermissionDenied, ex.Kind);
        Assert.Contains("admin", ex.Message);
        Assert.Contains("User is not an admin", ex.Message);
    }

    [Fact]
    public async Task Transient_server_errors_are_retried()
    {
        var log = CapturingLog.Install();
        Server.World.Faults.AddStatus("/session-management/sessions/filter/", 503, times: 2)
            .AddStatus("/session-management/sessions/filter/", 429, retryAfter: "0", body: "{\"message\":\"Too many requests\"}")
            .AddDroppedConnection("/session-management/sessions/filter/");
        var sessions = await Client.FindSessionsAsync(new AikynetixSessionFilter(), new PagingOptions(50), None).ToListAsync();
        Assert.Equal(AikynetixDemoData.SessionCount, sessions.Count);
        Assert.Equal(0, Server.World.Faults.Pending);
        Assert.True(log.Lines.Count(l => l.Contains("retrying")) >= 4);
        Assert.Contains(log.Lines, l => l.Contains("429") && l.Contains("retrying"));
    }

    [Theory]
    [InlineData(400, "AikynetixApi.BadRequest", FailureKind.InvalidArgument)]
    [InlineData(403, "AikynetixApi.Forbidden", FailureKind.PermissionDenied)]
    [InlineData(500, "AikynetixApi.InternalServerError", FailureKind.ServerError)]
    public async Task Listing_errors_carry_the_status_and_the_server_message(int status, string errorId, FailureKind kind)
    {
        Server.World.Faults.AddStatus("/session-management/sessions/", status, times: 10, body: "{\"error\":\"You must be an admin to access this data.\"}");
        var ex = await Assert.ThrowsAsync<ApiException>(() => Client.GetSessionsAsync(null, None).ToListAsync());
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(kind, ex.Kind);
        Assert.Contains("You must be an admin to access this data.", ex.Message);
    }
}
