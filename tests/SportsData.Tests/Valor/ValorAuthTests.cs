using System.Net;
using SportsData.Auth;
using SportsData.Sandbox.Valor;
using SportsData.Tests.Infrastructure;
using SportsData.Valor;

namespace SportsData.Tests.Valor;

public class ValorAuthTests : SimulatorTestBase
{
    private static async Task<SportsDataException> SignInFails(SimulatorServer server, NetworkCredential credential, Action<ValorConnectOptions>? configure = null) =>
        await Assert.ThrowsAnyAsync<SportsDataException>(() => ValorConnector.ConnectWithPasswordAsync(ValorTestConnection.Options(server, configure), credential, CancellationToken.None));

    [Fact]
    public async Task Password_sign_in_uses_the_cognito_IdToken_as_the_bearer()
    {
        var (server, connection) = await StartValorAsync();
        var athletes = await connection.Client().GetAthletesAsync(CancellationToken.None).ToListAsync();
        Assert.Equal(12, athletes.Count);
        Assert.Equal(1, server.World.Valor.Cognito.Grants["USER_PASSWORD_AUTH"]);
        Assert.Equal("Password", connection.AuthenticationMethod);
        Assert.True(connection.CanRenewToken);
        Assert.Equal(CognitoSimulator.DemoUserName, connection.UserName);
        Assert.NotNull(connection.TokenExpiresAt);
        Assert.InRange(connection.TokenExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Contains("POST /", server.World.RequestLog);
    }

    [Fact]
    public async Task Wrong_password_unknown_client_unknown_user_and_challenge_each_get_their_own_error()
    {
        var server = await StartServerAsync();
        server.World.Valor.Cognito.AddUser("new@valor.sandbox", "Temp-1234", newPasswordRequired: true);

        var wrongPassword = await SignInFails(server, new NetworkCredential(CognitoSimulator.DemoUserName, "not-the-password"));
        Assert.Equal("Valor.InvalidCredentials", wrongPassword.ErrorId);
        Assert.Equal(FailureKind.Authentication, wrongPassword.Kind);
        Assert.Equal("Credential", wrongPassword.ParameterName);
        Assert.DoesNotContain("not-the-password", wrongPassword.Message);

        var unknownClient = await SignInFails(server, ValorTestConnection.DemoCredential, o => o.ClientId = "no-such-client");
        Assert.Equal("Valor.UnknownClientId", unknownClient.ErrorId);
        Assert.Equal("ClientId", unknownClient.ParameterName);
        Assert.Contains("no-such-client", unknownClient.Message);

        var unknownUser = await SignInFails(server, new NetworkCredential("nobody@valor.sandbox", "whatever"));
        Assert.Equal("Valor.UserNotFound", unknownUser.ErrorId);

        var challenge = await SignInFails(server, new NetworkCredential("new@valor.sandbox", "Temp-1234"));
        Assert.Equal("Valor.ChallengeRequired", challenge.ErrorId);
        Assert.Contains("new password", challenge.Message);
        Assert.DoesNotContain("Temp-1234", challenge.Message);
    }

    [Fact]
    public async Task Empty_client_id_or_credential_is_refused_before_any_request()
    {
        var server = await StartServerAsync();
        var noClient = await SignInFails(server, ValorTestConnection.DemoCredential, o => o.ClientId = " ");
        Assert.Equal("ClientId", noClient.ParameterName);
        var noPassword = await SignInFails(server, new NetworkCredential(CognitoSimulator.DemoUserName, ""));
        Assert.Equal("Credential", noPassword.ParameterName);
        Assert.DoesNotContain(server.World.RequestLog, r => r.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_is_used_as_is_and_an_expired_one_is_refused()
    {
        var server = await StartServerAsync();
        var cognito = server.World.Valor.Cognito;
        string token = cognito.IssueToken(CognitoSimulator.DemoUserName, "id", TimeSpan.FromMinutes(30));
        using (var connection = ValorConnector.ConnectWithToken(ValorTestConnection.Options(server), token))
        {
            Assert.Equal("Token", connection.AuthenticationMethod);
            Assert.False(connection.CanRenewToken);
            Assert.Null(connection.ClientId);
            Assert.InRange(connection.TokenExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(28), DateTimeOffset.UtcNow.AddMinutes(31));
            var sessions = await connection.Client().GetSessionsAsync(new ValorSessionQuery { MaxItems = 5 }, CancellationToken.None).ToListAsync();
            Assert.Equal(5, sessions.Count);
        }
        Assert.Empty(cognito.Grants);

        string expired = cognito.IssueToken(CognitoSimulator.DemoUserName, "id", TimeSpan.FromMinutes(-1));
        var error = Assert.ThrowsAny<SportsDataException>(() => ValorConnector.ConnectWithToken(ValorTestConnection.Options(server), expired));
        Assert.Equal("Valor.TokenExpired", error.ErrorId);
        Assert.Equal("Token", error.ParameterName);
        Assert.DoesNotContain(expired, error.Message);
    }

    [Fact]
    public async Task A_token_that_expires_during_use_stops_with_a_clear_error_and_a_rejected_one_is_401()
    {
        var server = await StartServerAsync();
        var clock = new TestClock();
        string token = server.World.Valor.Cognito.IssueToken(CognitoSimulator.DemoUserName, "id", TimeSpan.FromMinutes(30));
        using var connection = ValorConnector.ConnectWithToken(ValorTestConnection.Options(server, o => o.Clock = clock), token);
        clock.Now = DateTimeOffset.UtcNow.AddMinutes(31);
        var expired = await Assert.ThrowsAnyAsync<SportsDataException>(() => connection.Client().GetAthletesAsync(CancellationToken.None).ToListAsync());
        Assert.Equal("Valor.TokenExpired", expired.ErrorId);

        clock.Now = DateTimeOffset.UtcNow;
        server.World.Valor.Cognito.RevokeTokens();
        var rejected = await Assert.ThrowsAsync<ApiException>(() => connection.Client().GetAthletesAsync(CancellationToken.None).ToListAsync());
        Assert.Equal("ValorApi.Unauthorized", rejected.ErrorId);
        Assert.Equal(FailureKind.Authentication, rejected.Kind);
        Assert.Equal("Unauthorized", rejected.VendorMessage);
    }

    [Fact]
    public async Task The_token_is_renewed_with_the_refresh_token_shortly_before_it_expires()
    {
        var server = await StartServerAsync();
        var clock = new TestClock();
        var connection = await ConnectValorAsync(server, o => o.Clock = clock);
        DateTimeOffset first = connection.TokenExpiresAt!.Value;
        await connection.Client().GetAthletesAsync(CancellationToken.None).ToListAsync();
        Assert.False(server.World.Valor.Cognito.Grants.ContainsKey("REFRESH_TOKEN_AUTH"));

        clock.Now = first.AddMinutes(-2); // inside the renewal window
        await connection.Client().GetAthletesAsync(CancellationToken.None).ToListAsync();
        Assert.Equal(1, server.World.Valor.Cognito.Grants["REFRESH_TOKEN_AUTH"]);
        Assert.Equal(1, server.World.Valor.Cognito.Grants["USER_PASSWORD_AUTH"]);
        Assert.True(connection.TokenExpiresAt > first);
    }

    [Fact]
    public async Task A_401_renews_once_and_the_request_succeeds()
    {
        var (server, connection) = await StartValorAsync();
        server.World.Valor.Cognito.RevokeTokens();
        var athletes = await connection.Client().GetAthletesAsync(CancellationToken.None).ToListAsync();
        Assert.Equal(12, athletes.Count);
        Assert.Equal(1, server.World.Valor.Cognito.Grants["REFRESH_TOKEN_AUTH"]);
        Assert.Equal(2, server.ValorRequests("athletes").Count);
    }

    [Fact]
    public async Task An_expired_refresh_token_falls_back_to_signing_in_again_with_the_credential()
    {
        var log = CapturingLog.Install(); // from the sign-in on
        var (server, connection) = await StartValorAsync();
        server.World.Valor.Cognito.RevokeTokens();
        server.World.Valor.Cognito.ExpireRefreshTokens();
        var sessions = await connection.Client().GetSessionsAsync(new ValorSessionQuery { MaxItems = 3 }, CancellationToken.None).ToListAsync();
        Assert.Equal(3, sessions.Count);
        Assert.Equal(2, server.World.Valor.Cognito.Grants["USER_PASSWORD_AUTH"]);
        Assert.False(server.World.Valor.Cognito.Grants.ContainsKey("REFRESH_TOKEN_AUTH"));
        Assert.Contains(log.Lines, l => l.Contains("signing in again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_failure_without_a_password_reports_the_expired_refresh_token()
    {
        var server = await StartServerAsync();
        var options = ValorTestConnection.Options(server);
        var cognito = new CognitoClient("Valor", new SportsData.Http.ApiTransport(new SportsData.Http.TransportOptions("Cognito", server.BaseUri) { Retry = options.Retry }, null), server.BaseUri, CognitoSimulator.DemoClientId);
        var error = await Assert.ThrowsAnyAsync<SportsDataException>(() => cognito.RefreshAsync("sandbox-refresh.unknown", CancellationToken.None));
        Assert.Equal("Valor.RefreshTokenExpired", error.ErrorId);
        Assert.Contains("Refresh Token has expired", error.Message);
    }

    [Fact]
    public async Task Verbose_and_debug_text_never_contain_tokens_or_the_password()
    {
        var log = CapturingLog.Install(); // from the sign-in on
        var (server, connection) = await StartValorAsync();
        server.World.Valor.Cognito.RevokeTokens();
        await connection.Client().GetSessionsAsync(new ValorSessionQuery { PageSize = 20, MaxItems = 50 }, CancellationToken.None).ToListAsync();
        string text = log.Text;
        Assert.Contains("GET ", text);
        Assert.Contains("POST ", text);
        Assert.DoesNotContain("eyJ", text);
        Assert.DoesNotContain(CognitoSimulator.DemoPassword, text);
        Assert.DoesNotContain("sandbox-refresh", text);
    }

    [Fact]
    public void Cognito_endpoint_follows_the_region_and_rejects_nonsense()
    {
        Assert.Equal(new Uri("https://cognito-idp.us-east-1.amazonaws.com/"), new ValorConnectOptions().EffectiveCognitoEndpoint);
        Assert.Equal(new Uri("https://cognito-idp.eu-west-1.amazonaws.com/"), new ValorConnectOptions { Region = "eu-west-1" }.EffectiveCognitoEndpoint);
        Assert.Equal(new Uri("https://487q8d7goe.execute-api.us-east-1.amazonaws.com/production"), ValorConnectOptions.DefaultApiBaseUri);
        var error = Assert.ThrowsAny<SportsDataException>(() => CognitoClient.EndpointFor("us-east-1/../evil"));
        Assert.Equal("Region", error.ParameterName);
    }

    [Fact]
    public void Jwt_claims_are_read_without_validation_and_non_jwts_are_tolerated()
    {
        var cognito = new CognitoSimulator();
        var claims = JwtClaims.Read(cognito.IssueToken("a@b.c", "access", TimeSpan.FromMinutes(10)));
        Assert.True(claims.IsJwt);
        Assert.Equal("access", claims.TokenUse);
        Assert.InRange(claims.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(11));
        Assert.False(JwtClaims.Read("not-a-jwt").IsJwt);
        Assert.False(JwtClaims.Read("a.%%%.c").IsJwt);
    }
}
