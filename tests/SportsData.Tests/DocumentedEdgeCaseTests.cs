using SportsData.Aikynetix;
using SportsData.Tests.Aikynetix;
using SportsData.Tests.Infrastructure;
using SportsData.Valor;

namespace SportsData.Tests;

/// <summary>Behaviour the vendors document that the simulators do not exercise by default.</summary>
public class DocumentedEdgeCaseTests : SimulatorTestBase
{
    [Fact]
    public async Task Valor_stops_at_a_continuation_token_that_is_the_text_null()
    {
        // The documented client loops end when the token equals "null" (a Lambda that json.dumps a missing key).
        var (server, connection) = await StartValorAsync();
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
        var (server, connection) = await StartAikynetixAsync();
        string id = (await connection.Client().GetSessionsAsync(1, None).ToListAsync())[0].SessionId;
        server.World.Faults.AddStatus("/session-management/sessions/" + id, 500, times: 1);
        await Assert.ThrowsAsync<ApiException>(() => connection.Client().DeleteSessionAsync(id, None));
        Assert.Single(server.World.RequestLog, l => l.StartsWith("DELETE ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_delete_refused_before_processing_is_retried()
    {
        var (server, connection) = await StartAikynetixAsync();
        string id = (await connection.Client().GetSessionsAsync(1, None).ToListAsync())[0].SessionId;
        server.World.Faults.AddStatus("/session-management/sessions/" + id, 503, times: 1);
        await connection.Client().DeleteSessionAsync(id, None);
        Assert.Equal(2, server.World.RequestLog.Count(l => l.StartsWith("DELETE ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_400_about_the_token_is_an_authentication_error()
    {
        var (server, connection) = await StartAikynetixAsync();
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
