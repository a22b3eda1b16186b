using System.Text;
using SportsData.Aikynetix;
using SportsData.Auth;
using SportsData.Http;
using SportsData.Sandbox.Aikynetix;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Aikynetix;

/// <summary>API keys in both documented forms, Firebase ID tokens and their expiry, over loopback HTTP.</summary>
public class AikynetixAuthTests : SimulatorTestBase
{
    public override async Task InitializeAsync() => await StartServerAsync();

    [Fact]
    public async Task The_api_key_goes_in_the_API_KEY_header_by_default()
    {
        var connection = ConnectAikynetix(Server);
        Assert.NotEmpty(await connection.Client().GetSessionsAsync(1, None).ToListAsync());
        Assert.Equal("API-KEY header", Server.World.Aikynetix.LastCredentialForm);
        Assert.Equal("ApiKey", connection.AuthenticationMethod);
        Assert.Null(connection.TokenExpiresAt);
    }

    [Fact]
    public async Task The_api_key_can_go_in_Authorization_with_the_API_KEY_scheme()
    {
        var connection = ConnectAikynetix(Server, configure: o => o.ApiKeyStyle = AikynetixApiKeyStyle.AuthorizationHeader);
        Assert.NotEmpty(await connection.Client().GetSessionsAsync(1, None).ToListAsync());
        Assert.Equal("Authorization API-KEY", Server.World.Aikynetix.LastCredentialForm);
    }

    [Fact]
    public async Task A_rejected_api_key_is_a_clear_error_without_the_key()
    {
        var log = CapturingLog.Install();
        const string key = "wrong-key-1234567";
        var connection = ConnectAikynetix(Server, key);
        var ex = await Assert.ThrowsAsync<SportsDataException>(() => connection.Client().GetSessionsAsync(null, None).ToListAsync());
        Assert.Equal("Aikynetix.InvalidApiKey", ex.ErrorId);
        Assert.Equal(FailureKind.Authentication, ex.Kind);
        Assert.Contains("Connect-Aikynetix", ex.Message);
        Assert.DoesNotContain(key, ex.Message);
        Assert.DoesNotContain(key, log.All);
        Assert.DoesNotContain(key, connection.ToString());
    }

    [Fact]
    public async Task A_firebase_id_token_is_sent_as_bearer_and_its_expiry_is_read_from_the_jwt()
    {
        string token = Server.World.Aikynetix.IssueIdToken(Server.World.Aikynetix.Data.Admin, TimeSpan.FromHours(1));
        using var connection = AikynetixConnector.ConnectWithIdToken(AikynetixTestConnection.Options(Server), "Bearer " + token);

        Assert.Equal(AikynetixDemoData.SessionCount, (await connection.Client().GetSessionsAsync(null, None).ToListAsync()).Count);
        Assert.Equal("Bearer", Server.World.Aikynetix.LastCredentialForm);
        Assert.Equal("IdToken", connection.AuthenticationMethod);
        Assert.NotNull(connection.TokenExpiresAt);
        Assert.InRange(connection.TokenExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(58), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.False(connection.CanRenewToken);
    }

    [Fact]
    public void An_already_expired_id_token_is_refused_at_connect_with_how_to_reconnect()
    {
        string token = Server.World.Aikynetix.IssueIdToken(Server.World.Aikynetix.Data.Admin, TimeSpan.FromMinutes(-5));
        var ex = Assert.Throws<SportsDataException>(() => AikynetixConnector.ConnectWithIdToken(AikynetixTestConnection.Options(Server), token));
        Assert.Equal("Aikynetix.TokenExpired", ex.ErrorId);
        Assert.Equal("IdToken", ex.ParameterName);
        Assert.Contains("Connect-Aikynetix -IdToken", ex.Message);
        Assert.DoesNotContain(token, ex.Message);
    }

    [Fact]
    public async Task A_token_that_expires_during_the_run_fails_before_sending_with_how_to_reconnect()
    {
        string token = Server.World.Aikynetix.IssueIdToken(Server.World.Aikynetix.Data.Admin, TimeSpan.FromHours(1));
        var clock = new ShiftedClock();
        using var connection = AikynetixConnector.ConnectWithIdToken(AikynetixTestConnection.Options(Server), token, clock);
        Assert.NotEmpty(await connection.Client().GetSessionsAsync(1, None).ToListAsync());
        Server.World.ClearRequestLog();

        clock.Shift = TimeSpan.FromHours(2);
        var ex = await Assert.ThrowsAsync<SportsDataException>(() => connection.Client().GetSessionsAsync(null, None).ToListAsync());

        Assert.Equal("Aikynetix.TokenExpired", ex.ErrorId);
        Assert.Equal(FailureKind.Authentication, ex.Kind);
        Assert.Contains("Connect-Aikynetix", ex.Message);
        Assert.Empty(Server.World.RequestLog);
    }

    [Fact]
    public async Task A_401_on_an_id_token_becomes_token_expired_with_how_to_reconnect()
    {
        // A JWT the server does not accept (revoked, or expired by the server's clock).
        string token = Jwt(DateTimeOffset.UtcNow.AddHours(1));
        using var connection = AikynetixConnector.ConnectWithIdToken(AikynetixTestConnection.Options(Server), token);
        var ex = await Assert.ThrowsAsync<SportsDataException>(() => connection.Client().FindSessionsAsync(new AikynetixSessionFilter(), new PagingOptions(10), None).ToListAsync());
        Assert.Equal("Aikynetix.TokenExpired", ex.ErrorId);
        Assert.Contains("new Firebase ID token", ex.Message);
        Assert.Contains("Invalid token.", ex.Message);
        Assert.Single(Server.FilterRequests());
    }

    [Fact]
    public async Task Verifying_credentials_fails_only_for_a_rejected_credential()
    {
        var bad = ConnectAikynetix(Server, "bad-key-0000");
        var ex = await Assert.ThrowsAsync<SportsDataException>(() => bad.Client().VerifyCredentialsAsync(None));
        Assert.Equal("Aikynetix.InvalidApiKey", ex.ErrorId);
        Assert.Contains("GET " + AikynetixSimulator.FilterPath + "?limit=1", Server.World.RequestLog);

        var log = CapturingLog.Install();
        Server.World.Faults.AddStatus(AikynetixSimulator.FilterPath, 403, body: "{\"error\":\"You must be an admin to access this data.\"}");
        var good = ConnectAikynetix(Server);
        await good.Client().VerifyCredentialsAsync(None);
        Assert.Contains("could not verify", log.All);

        // The server holds the check 30 s; a 1 s limit must end it long before that, even on a loaded machine.
        good.Client().VerifyTimeout = TimeSpan.FromSeconds(1);
        Server.World.Faults.AddDelay(AikynetixSimulator.FilterPath, TimeSpan.FromSeconds(30));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await good.Client().VerifyCredentialsAsync(None);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "the check is bounded: " + watch.Elapsed);
        Assert.Contains("got no answer", log.All);
    }

    [Fact]
    public void Empty_credentials_and_bad_names_are_refused_naming_the_parameter()
    {
        Assert.Equal("ApiKey", Assert.Throws<SportsDataException>(() => AikynetixTestConnection.Connect(Server, " ")).ParameterName);
        Assert.Equal("IdToken", Assert.Throws<SportsDataException>(() => AikynetixConnector.ConnectWithIdToken(AikynetixTestConnection.Options(Server), "")).ParameterName);
        Assert.Equal("StateParameterName", Assert.Throws<SportsDataException>(() => AikynetixTestConnection.Connect(Server, configure: o => o.Routes.StateParameter = "a b")).ParameterName);
        Assert.Equal("BaseUri", Assert.Throws<SportsDataException>(() => AikynetixTestConnection.Connect(Server, configure: o => o.BaseUri = new Uri("ftp://example.com/"))).ParameterName);
    }

    [Fact]
    public void Jwt_expiry_is_read_without_a_signature_check_and_non_jwts_have_none()
    {
        var exp = DateTimeOffset.FromUnixTimeSeconds(1900000000);
        Assert.Equal(exp, JwtClaims.Read(Jwt(exp)).ExpiresAt);
        Assert.Null(JwtClaims.Read("not-a-jwt").ExpiresAt);
        Assert.Null(JwtClaims.Read("a.!!!.c").ExpiresAt);
        Assert.Null(JwtClaims.Read(Base64Url("{}") + "." + Base64Url("{\"sub\":\"x\"}") + ".sig").ExpiresAt);
    }

    private static string Jwt(DateTimeOffset exp) =>
        Base64Url("{\"alg\":\"RS256\"}") + "." + Base64Url("{\"user_id\":\"someone\",\"exp\":" + exp.ToUnixTimeSeconds() + "}") + ".c2ln";

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class ShiftedClock : Clock
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset UtcNow => DateTimeOffset.UtcNow + Shift;
    }
}
