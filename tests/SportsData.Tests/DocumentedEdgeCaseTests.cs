using SportsData.Aikynetix;
using SportsData.Tests.Aikynetix;
using SportsData.Tests.Infrastructure;
using SportsData.Valor;

namespace SportsData.Tests;

/// <summary>Behaviour the vendors document that the simulators do not exercise by default.</summary>
public class DocumentedEdgeCaseTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Valor_stops_at_a_continuation_token_that_is_the_text_null()
    {
        // The documented client loops end when the token equals "null" (a Lambda that json.dumps a missing key).
        await using var server = await SimulatorServer.StartAsync();
        using var connection = await ValorTestConnection.ConnectAsync(server);
        server.World.Faults.AddStatus("/production/sessions", 200, times: 1, body:
            """{"statusCode":200,"X-Continuation-Token":"null","body":"[{\"Session ID\":\"s1\",\"Date\":\"2026-01-02T03:04:05Z\",\"s3Key\":\"k1\",\"Duration\":12.5,\"Athlete ID\":\"a1\",\"Assessment ID\":\"singleExercise\",\"Exercise ID\":\"e1\",\"Session Name\":\"Squat\"}]"}""");
        var sessions = await connection.Client().GetSessionsAsync(new ValorSessionQuery { PageSize = 10 }, None).ToListAsync();
        Assert.Equal(new[] { "s1" }, sessions.Select(s => s.SessionId));
        Assert.True(sessions[0].IsSingleExercise);
        Assert.Single(server.ValorRequests("sessions"));
    }

    [Fact]
    public async Task A_delete_that_may_have_reached_the_server_is_not_repeated()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var connection = AikynetixTestConnection.Connect(server);
        string id = (await connection.Client().GetSessionsAsync(1, None).ToListAsync())[0].SessionId;
        server.World.Faults.AddStatus("/session-management/sessions/" + id, 500, times: 1);
        await Assert.ThrowsAsync<ApiException>(() => connection.Client().DeleteSessionAsync(id, None));
        Assert.Single(server.World.RequestLog, l => l.StartsWith("DELETE ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_delete_refused_before_processing_is_retried()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var connection = AikynetixTestConnection.Connect(server);
        string id = (await connection.Client().GetSessionsAsync(1, None).ToListAsync())[0].SessionId;
        server.World.Faults.AddStatus("/session-management/sessions/" + id, 503, times: 1);
        await connection.Client().DeleteSessionAsync(id, None);
        Assert.Equal(2, server.World.RequestLog.Count(l => l.StartsWith("DELETE ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_400_about_the_token_is_an_authentication_error()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var connection = AikynetixTestConnection.Connect(server);
        server.World.Faults.AddStatus("/session-management/sessions/", 400, times: 1, body: """{"error":"Invalid or missing token."}""");
        var error = await Assert.ThrowsAsync<SportsDataException>(() => connection.Client().GetSessionsAsync(null, None).ToListAsync());
        Assert.Equal("Aikynetix.InvalidApiKey", error.ErrorId);
        Assert.Equal(FailureKind.Authentication, error.Kind);
    }

    [Fact]
    public void A_video_object_never_prints_its_signed_url()
    {
        var video = new ManagedSessionVideo { SessionId = "s1", Url = "https://storage.example/v.mp4?X-Goog-Signature=secret123" };
        Assert.DoesNotContain("secret123", video.ToString());
    }
}

public class PolarEdgeCaseTests
{
    [Fact]
    public async Task An_empty_response_body_is_an_empty_listing_not_an_error()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var connection = await PolarTestConnection.ConnectAsync(server);
        server.World.Faults.AddStatus("/training_sessions", 204, times: 1, body: "");
        var sessions = await connection.Client().GetTeamSessionsAsync(server.World.Polar.Data.Teams[0].Id, null, null, new SportsData.Http.PagingOptions(100), CancellationToken.None).ToListAsync();
        Assert.Empty(sessions);
    }

    [Fact]
    public async Task Requests_ask_for_json()
    {
        await using var server = await SimulatorServer.StartAsync();
        var accepts = new System.Collections.Concurrent.ConcurrentBag<string?>();
        server.World.RequestReceived += request => { if (request.Path.StartsWith("/v1/", StringComparison.Ordinal)) accepts.Add(request.Header("Accept")); };
        using var connection = await PolarTestConnection.ConnectAsync(server);
        await connection.Client().GetTeamsAsync(new SportsData.Http.PagingOptions(100), CancellationToken.None).ToListAsync();
        Assert.NotEmpty(accepts);
        Assert.All(accepts, accept => Assert.Contains("application/json", accept));
    }
}
