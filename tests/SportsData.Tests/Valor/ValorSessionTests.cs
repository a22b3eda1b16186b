using SportsData.Connections;
using SportsData.Tests.Infrastructure;
using SportsData.Valor;

namespace SportsData.Tests.Valor;

public class ValorSessionTests : SimulatorTestBase
{
    private static Task<List<ValorSession>> List(ValorConnection connection, ValorSessionQuery query) =>
        connection.Client().GetSessionsAsync(query, CancellationToken.None).ToListAsync();

    [Fact]
    public async Task Every_session_comes_back_once_across_pages_with_limit_and_json_encoded_tokens()
    {
        var (server, connection) = await StartValorAsync();
        var expected = server.World.Valor.Data.Sessions;
        Assert.InRange(expected.Length, 300, 800);

        var sessions = await List(connection, new ValorSessionQuery { PageSize = 50 });

        Assert.Equal(expected.Select(s => s.Id), sessions.Select(s => s.SessionId));
        var requests = server.ValorRequests("sessions");
        Assert.Equal(expected.Length / 50 + 1, requests.Count); // the last full page carries a token to an empty page
        Assert.All(requests, r => Assert.Contains("limit=50", r));
        Assert.All(requests, r => Assert.DoesNotContain("athleteID", r));
        var tokens = server.World.Valor.ReceivedTokens.ToList();
        Assert.Equal("\"\"", tokens[0]);
        Assert.All(tokens.Skip(1), t => Assert.StartsWith("{\"Session ID\":\"", t));
        var listing = Assert.Single(connection.Listings);
        Assert.True(listing.IsComplete);
        Assert.Null(listing.ContinuationToken);
        Assert.Equal(expected.Length, listing.SessionsReturned);
        Assert.Equal("Complete", listing.Status);
    }

    [Fact]
    public async Task String_tokens_go_back_quoted_and_a_body_that_is_already_json_is_read()
    {
        var server = await StartServerAsync();
        server.World.Valor.TokensAsStrings = true;
        server.World.Valor.BodyAsJson = true;
        server.World.Valor.OmitNullToken = true;
        var connection = await ConnectValorAsync(server);
        var sessions = await List(connection, new ValorSessionQuery { PageSize = 64 });
        Assert.Equal(server.World.Valor.Data.Sessions.Length, sessions.Count);
        var tokens = server.World.Valor.ReceivedTokens.ToList();
        Assert.True(tokens.Count > 2);
        Assert.All(tokens.Skip(1), t => Assert.Matches("^\"[0-9a-f-]{36}\"$", t!));
    }

    [Fact]
    public async Task An_athletes_sessions_are_asked_for_with_athleteID_and_none_is_an_empty_listing()
    {
        var (server, connection) = await StartValorAsync();
        var data = server.World.Valor.Data;
        string athlete = data.Athletes[2].Id;
        var sessions = await List(connection, new ValorSessionQuery { AthleteId = athlete, PageSize = 7 });
        Assert.Equal(data.Sessions.Count(s => s.Athlete.Id == athlete), sessions.Count);
        Assert.All(sessions, s => Assert.Equal(athlete, s.AthleteId));
        Assert.All(server.ValorRequests("sessions"), r => Assert.Contains("athleteID=" + athlete, r));

        var log = CapturingLog.Install();
        string without = data.Athletes[^1].Id;
        var none = await List(connection, new ValorSessionQuery { AthleteId = without });
        Assert.Empty(none);
        Assert.Contains(log.Lines, l => l.Contains("no sessions found", StringComparison.Ordinal));
        Assert.True(connection.Listings.Single(l => l.AthleteId == without).IsComplete);
    }

    [Fact]
    public async Task The_apis_500_time_out_is_retried_also_when_it_comes_inside_a_200_envelope()
    {
        var (server, connection) = await StartValorAsync();
        server.World.Faults.AddStatus("/production/sessions", 500, times: 2, body: "{\"message\":\"Endpoint request timed out\"}");
        var sessions = await List(connection, new ValorSessionQuery { PageSize = 100, MaxItems = 150 });
        Assert.Equal(150, sessions.Count);
        Assert.Equal(4, server.ValorRequests("sessions").Count);

        server.World.ClearRequestLog();
        server.World.Valor.AddEnvelopeError(500);
        var again = await List(connection, new ValorSessionQuery { PageSize = 100, MaxItems = 100 });
        Assert.Equal(100, again.Count);
        Assert.Equal(2, server.ValorRequests("sessions").Count);

        server.World.Valor.AddEnvelopeError(404);
        Assert.Empty(await List(connection, new ValorSessionQuery { PageSize = 100 }));
    }

    [Fact]
    public async Task Forbidden_and_persistent_failures_become_specific_errors()
    {
        var (server, connection) = await StartValorAsync(connect: o => o.Retry.MaxRetryAttempts = 1);
        server.World.Faults.AddStatus("/production/sessions", 403, body: "{\"message\":\"User is not authorized to access this resource\"}");
        var forbidden = await Assert.ThrowsAsync<ApiException>(() => List(connection, new ValorSessionQuery()));
        Assert.Equal("ValorApi.Forbidden", forbidden.ErrorId);
        Assert.Equal(FailureKind.PermissionDenied, forbidden.Kind);
        Assert.Contains("not authorized", forbidden.Message);

        server.World.Valor.AddEnvelopeError(500, times: 2);
        var timedOut = await Assert.ThrowsAsync<ApiException>(() => List(connection, new ValorSessionQuery()));
        Assert.Equal("ValorApi.InternalServerError", timedOut.ErrorId);
        Assert.Contains("Endpoint request timed out", timedOut.Message);
    }

    [Fact]
    public async Task The_cap_stops_without_asking_for_another_page()
    {
        var (server, connection) = await StartValorAsync();
        var sessions = await List(connection, new ValorSessionQuery { PageSize = 50, MaxItems = 100 });
        Assert.Equal(100, sessions.Count);
        Assert.Equal(2, server.ValorRequests("sessions").Count);
        var listing = connection.Listings.Single();
        Assert.False(listing.IsComplete);
        Assert.Equal(0, listing.SkipInPage);
        Assert.StartsWith("{", listing.ContinuationToken);

        var bad = await Assert.ThrowsAnyAsync<SportsDataException>(() => List(connection, new ValorSessionQuery { PageSize = 0 }));
        Assert.Equal("PageSize", bad.ParameterName);
    }

    [Fact]
    public async Task A_stopped_listing_resumes_where_it_stopped_without_repeating_a_session()
    {
        var (server, connection) = await StartValorAsync();
        var expected = server.World.Valor.Data.Sessions.Select(s => s.Id).ToList();

        var firstPart = new List<string>();
        await foreach (var session in connection.Client().GetSessionsAsync(new ValorSessionQuery { PageSize = 50 }, CancellationToken.None))
        {
            firstPart.Add(session.SessionId);
            if (firstPart.Count == 70) break; // like Select-Object -First 70
        }
        var listing = connection.Listings.Single();
        Assert.Equal(70, listing.SessionsReturned);
        Assert.Equal(20, listing.SkipInPage);
        Assert.False(listing.IsComplete);
        Assert.Equal("Stopped", listing.Status);
        string tokenOfSecondPage = listing.ContinuationToken!;

        server.World.ClearRequestLog();
        var log = CapturingLog.Install();
        var rest = await List(connection, new ValorSessionQuery { Resume = true });
        Assert.Equal(expected, firstPart.Concat(rest.Select(s => s.SessionId)));
        Assert.Contains(log.Lines, l => l.Contains("resuming", StringComparison.Ordinal) && l.Contains("after 70 session(s)", StringComparison.Ordinal));
        Assert.Equal(tokenOfSecondPage, server.World.Valor.ReceivedTokens.Skip(2).First());
        Assert.All(server.ValorRequests("sessions"), r => Assert.Contains("limit=50", r));
        Assert.True(listing.IsComplete);
        Assert.Equal(expected.Count, listing.SessionsReturned);

        var nothing = await List(connection, new ValorSessionQuery { Resume = true });
        Assert.Empty(nothing);
        Assert.Contains(log.Warnings, w => w.Contains("already complete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_delivered_sessions_count_when_the_consumer_acknowledges_them()
    {
        var (server, connection) = await StartValorAsync();
        string athlete = server.World.Valor.Data.Athletes[0].Id;
        var expected = server.World.Valor.Data.Sessions.Where(s => s.Athlete.Id == athlete).Select(s => s.Id).ToList();

        Assert.True(expected.Count > 20);
        var handedOut = await List(connection, new ValorSessionQuery { AthleteId = athlete, PageSize = 4, MaxItems = 20, AcknowledgeOnDelivery = true });
        Assert.Equal(20, handedOut.Count);
        foreach (var session in handedOut.Take(11)) ValorListingState.Acknowledge(session); // the pipeline took only 11
        var listing = connection.Listings.Single();
        Assert.Equal(11, listing.SessionsReturned);
        Assert.Equal(3, listing.SkipInPage);

        var rest = await List(connection, new ValorSessionQuery { AthleteId = athlete, Resume = true });
        Assert.Equal(expected.Skip(11), rest.Select(s => s.SessionId));
    }

    [Fact]
    public async Task Listings_are_kept_per_athlete_and_page_size_and_start_over_without_resume()
    {
        var (server, connection) = await StartValorAsync();
        var data = server.World.Valor.Data;
        await List(connection, new ValorSessionQuery { AthleteId = data.Athletes[0].Id, PageSize = 5, MaxItems = 7 });
        await List(connection, new ValorSessionQuery { AthleteId = data.Athletes[1].Id, PageSize = 5, MaxItems = 3 });
        await List(connection, new ValorSessionQuery { AthleteId = data.Athletes[0].Id, PageSize = 10, MaxItems = 2 });
        Assert.Equal(3, connection.Listings.Count);

        var again = await List(connection, new ValorSessionQuery { AthleteId = data.Athletes[0].Id, PageSize = 5, MaxItems = 4 });
        Assert.Equal(data.Sessions.Where(s => s.Athlete.Id == data.Athletes[0].Id).Take(4).Select(s => s.Id), again.Select(s => s.SessionId));
        var listing = connection.Listings.Single(l => l.AthleteId == data.Athletes[0].Id && l.PageSize == 5);
        Assert.Equal(4, listing.SessionsReturned);

        // Resume without a page size picks the athlete's most recent unfinished listing (page size 5).
        var rest = await List(connection, new ValorSessionQuery { AthleteId = data.Athletes[0].Id, Resume = true, MaxItems = 2 });
        Assert.Equal(data.Sessions.Where(s => s.Athlete.Id == data.Athletes[0].Id).Skip(4).Take(2).Select(s => s.Id), rest.Select(s => s.SessionId));
        Assert.Equal(6, listing.SessionsReturned);
    }

    [Fact]
    public async Task Sessions_have_clean_typed_properties_and_keep_unknown_fields()
    {
        var (server, connection) = await StartValorAsync();
        var seed = server.World.Valor.Data.Sessions[0];
        var session = (await List(connection, new ValorSessionQuery { MaxItems = 1 })).Single();
        Assert.Equal(seed.Id, session.SessionId);
        Assert.Equal(DateTimeKind.Utc, session.Date!.Value.Kind);
        Assert.Equal(seed.Date, session.Date.Value);
        Assert.Equal(seed.S3Key, session.S3Key);
        Assert.Equal(TimeSpan.FromSeconds(seed.DurationSeconds), session.Duration);
        Assert.Equal(seed.Athlete.Id, session.AthleteId);
        Assert.Equal(seed.AssessmentId, session.AssessmentId);
        Assert.Equal(seed.AssessmentId == "singleExercise", session.IsSingleExercise);
        Assert.Equal(seed.Exercise.Id, session.ExerciseId);
        Assert.Equal(seed.Exercise.Name, session.SessionName);
        Assert.Equal("org-7Q2X", session.AdditionalProperties["Organization ID"]);
        Assert.Equal(60L, session.AdditionalProperties["Frame Rate"]);
        Assert.Equal(2, session.AdditionalProperties.Count);
    }

    [Fact]
    public async Task A_repeated_or_empty_token_ends_the_listing_instead_of_looping()
    {
        var (server, connection) = await StartValorAsync();
        const string page = "{\"statusCode\":200,\"X-Continuation-Token\":\"same\",\"body\":\"[{\\\"Session ID\\\":\\\"a\\\"}]\"}";
        server.World.Faults.AddStatus("/production/sessions", 200, times: 3, body: page);
        var log = CapturingLog.Install();
        var sessions = await List(connection, new ValorSessionQuery { PageSize = 1 });
        Assert.Equal(2, sessions.Count);
        Assert.Equal(2, server.ValorRequests("sessions").Count);
        Assert.Contains(log.Warnings, w => w.Contains("a second time", StringComparison.Ordinal));

        server.World.Faults.Clear();
        server.World.Faults.AddStatus("/production/sessions", 200, body: page.Replace("\"same\"", "\"\""));
        server.World.ClearRequestLog();
        Assert.Single(await List(connection, new ValorSessionQuery { PageSize = 1 }));
        Assert.Single(server.ValorRequests("sessions"));

        // A body that is not JSON is retried like a dropped connection, and reported only after the last attempt.
        const string notJson = "{\"statusCode\":200,\"body\":\"not json\"}";
        server.World.Faults.AddStatus("/production/sessions", 200, body: notJson);
        Assert.NotEmpty(await List(connection, new ValorSessionQuery()));
        Assert.Equal(0, server.World.Faults.Pending);
        int attempts = ValorTestConnection.Options(server).Retry.MaxRetryAttempts + 1;
        server.World.Faults.AddStatus("/production/sessions", 200, times: attempts + 1, body: notJson);
        var invalid = await Assert.ThrowsAnyAsync<SportsDataException>(() => List(connection, new ValorSessionQuery()));
        Assert.Equal("ValorApi.InvalidResponse", invalid.ErrorId);
        Assert.Equal(1, server.World.Faults.Pending);
    }
}
