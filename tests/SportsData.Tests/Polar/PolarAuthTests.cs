using SportsData.Auth;
using SportsData.Http;
using SportsData.Polar;
using SportsData.Sandbox;
using SportsData.Sandbox.Polar;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Polar;

public class PolarAuthTests : SimulatorTestBase
{
    [Fact]
    public async Task Authorization_code_flow_catches_the_code_on_a_loopback_redirect()
    {
        var server = await StartServerAsync();
        var redirect = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/callback/");
        var options = PolarTestConnection.Options(server, o => o.RedirectUri = redirect);
        string state = PolarConnector.NewState();
        Uri authorize = PolarConnector.BuildAuthorizeUri(options, state);
        Assert.Contains("response_type=code", authorize.Query);
        Assert.Contains("scope=team_read", authorize.Query);
        Assert.Contains("state=" + state, authorize.Query);

        using var receiver = new LoopbackCodeReceiver(redirect);
        Task<string> code = receiver.WaitForCodeAsync(state, TimeSpan.FromSeconds(20), None);
        using (var browser = new HttpClient()) // follows the 302 from the authorize endpoint to the listener
        {
            var page = await browser.GetStringAsync(authorize);
            Assert.Contains("You can close this window", page);
        }
        using var connection = await PolarConnector.ConnectWithAuthorizationCodeAsync(options, await code, None);
        Assert.Equal("AuthorizationCode", connection.AuthenticationMethod);
        Assert.True(connection.CanRenewToken);
        Assert.Equal(2, (await connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync()).Count);
    }

    [Fact]
    public async Task A_used_authorization_code_is_rejected_with_a_clear_error()
    {
        var server = await StartServerAsync();
        string code = server.World.Polar.OAuth.IssueAuthorizationCode(PolarSimulator.DemoClientId);
        using (await PolarConnector.ConnectWithAuthorizationCodeAsync(PolarTestConnection.Options(server), code, None)) { }
        var error = await Assert.ThrowsAsync<SportsDataException>(() => PolarConnector.ConnectWithAuthorizationCodeAsync(PolarTestConnection.Options(server), code, None));
        Assert.Equal("Polar.InvalidGrant", error.ErrorId);
        Assert.Equal("AuthorizationCode", error.ParameterName);
        Assert.DoesNotContain(code, error.Message);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_named_in_the_error()
    {
        var server = await StartServerAsync();
        var error = await Assert.ThrowsAsync<SportsDataException>(() =>
            PolarConnector.ConnectWithRefreshTokenAsync(PolarTestConnection.Options(server, o => o.ClientSecret = "wrong-secret"), PolarSimulator.DemoRefreshToken, None));
        Assert.Equal("Polar.InvalidClient", error.ErrorId);
        Assert.Equal("ClientSecret", error.ParameterName);
        Assert.DoesNotContain("wrong-secret", error.Message);
    }

    [Fact]
    public async Task An_unknown_refresh_token_is_an_invalid_grant()
    {
        var server = await StartServerAsync();
        var error = await Assert.ThrowsAsync<SportsDataException>(() => PolarConnector.ConnectWithRefreshTokenAsync(PolarTestConnection.Options(server), "not-a-token", None));
        Assert.Equal("Polar.InvalidGrant", error.ErrorId);
        Assert.Equal("RefreshToken", error.ParameterName);
    }

    [Fact]
    public async Task The_token_is_renewed_before_it_expires()
    {
        // Tokens that live 2 minutes are inside the 5-minute renewal window from the start.
        var options = new SandboxOptions { AnchorDate = TestData.AnchorDate, AccessTokenLifetime = TimeSpan.FromMinutes(2) };
        var (server, connection) = await StartPolarAsync(options);
        DateTimeOffset? before = connection.TokenExpiresAt;
        await connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync();
        Assert.Equal(2, server.World.Polar.OAuth.TokenGrants["refresh_token"]);
        Assert.DoesNotContain(server.World.RequestLog, l => l.Contains("401"));
        Assert.True(connection.TokenExpiresAt >= before);
    }

    [Fact]
    public async Task A_401_renews_the_token_once_and_the_request_succeeds()
    {
        var (server, connection) = await StartPolarAsync();
        server.World.Polar.OAuth.RevokeAccessTokens();
        var teams = await connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync();
        Assert.Equal(2, teams.Count);
        Assert.Equal(2, server.World.Polar.OAuth.TokenGrants["refresh_token"]);
    }

    [Fact]
    public async Task An_access_token_alone_gets_a_clear_error_when_rejected()
    {
        var server = await StartServerAsync();
        string token = server.World.Polar.OAuth.IssueAccessToken(PolarSimulator.DemoClientId, TimeSpan.FromHours(1));
        using var connection = PolarConnector.ConnectWithAccessToken(PolarTestConnection.Options(server), token, null);
        Assert.Equal(2, (await connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync()).Count);
        server.World.Polar.OAuth.RevokeAccessTokens();
        var error = await Assert.ThrowsAsync<ApiException>(() => connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync());
        Assert.Equal(FailureKind.Authentication, error.Kind);
        Assert.Contains("connect again", error.Message);
        Assert.DoesNotContain(token, error.Message);
    }

    [Fact]
    public async Task An_expired_access_token_fails_before_sending_and_says_how_to_reconnect()
    {
        var server = await StartServerAsync();
        using var connection = PolarConnector.ConnectWithAccessToken(PolarTestConnection.Options(server), "expired-token", DateTimeOffset.UtcNow.AddMinutes(-1));
        var error = await Assert.ThrowsAsync<SportsDataException>(() => connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync());
        Assert.Equal("Polar.TokenExpired", error.ErrorId);
        Assert.Contains("Connect-PolarTeamPro", error.Message);
        Assert.DoesNotContain(server.World.RequestLog, l => l.Contains("/v1/"));
    }

    [Fact]
    public async Task The_token_cache_lets_an_unattended_run_connect_and_saves_rotated_refresh_tokens()
    {
        var options = new SandboxOptions { AnchorDate = TestData.AnchorDate, RotateRefreshTokens = true };
        var server = await StartServerAsync(options);
        string cachePath = Path.Combine(Path.GetTempPath(), "sportsdata-tests", Guid.NewGuid().ToString("N"), "polar.tokens.json");
        try
        {
            string refresh = server.World.Polar.OAuth.IssueRefreshToken(PolarSimulator.DemoClientId);
            using (var first = await PolarConnector.ConnectWithRefreshTokenAsync(PolarTestConnection.Options(server, o => o.TokenCachePath = cachePath), refresh, None))
            {
                Assert.Equal(cachePath, first.TokenCachePath);
            }
            Assert.True(File.Exists(cachePath));
            Assert.False(server.World.Polar.OAuth.IsRefreshTokenValid(refresh), "the simulator rotated the token");
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cachePath));
            }

            // A later run: no refresh token given, only the cache.
            using var second = await PolarConnector.ConnectFromCacheAsync(PolarTestConnection.Options(server, o => o.TokenCachePath = cachePath), None);
            Assert.Equal(2, (await second.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync()).Count);

            // The cache must hold a token that still works after the rotations above.
            using var third = await PolarConnector.ConnectFromCacheAsync(PolarTestConnection.Options(server, o => o.TokenCachePath = cachePath), None);
            Assert.Equal(2, (await third.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync()).Count);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(cachePath)!, recursive: true);
        }
    }

    [Fact]
    public async Task An_empty_token_cache_says_how_to_fill_it()
    {
        var server = await StartServerAsync();
        string cachePath = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        var error = await Assert.ThrowsAsync<SportsDataException>(() => PolarConnector.ConnectFromCacheAsync(PolarTestConnection.Options(server, o => o.TokenCachePath = cachePath), None));
        Assert.Equal("Polar.TokenCacheEmpty", error.ErrorId);
        Assert.Contains("interactively", error.Message);
    }

    [Fact]
    public async Task Verbose_and_debug_output_never_contain_tokens_or_the_client_secret()
    {
        var log = CapturingLog.Install(); // from the sign-in on
        var (server, connection) = await StartPolarAsync();
        server.World.Polar.OAuth.RevokeAccessTokens();
        server.World.Faults.AddStatus("/v1/teams", 500, times: 1);
        await connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync();
        var tokens = PolarSession.Of(connection).Authenticator.Tokens;
        Assert.NotEmpty(log.Lines);
        Assert.Contains(log.Lines, l => l.Contains("GET http://127.0.0.1"));
        Assert.DoesNotContain(tokens.AccessToken, log.All);
        Assert.DoesNotContain(PolarSimulator.DemoRefreshToken, log.All);
        Assert.DoesNotContain(PolarSimulator.DemoClientSecret, log.All);
        Assert.DoesNotContain(tokens.AccessToken, connection.ToString());
        Assert.DoesNotContain(tokens.AccessToken, tokens.ToString());
    }

    [Fact]
    public async Task Missing_client_id_is_named()
    {
        var server = await StartServerAsync();
        var error = await Assert.ThrowsAsync<SportsDataException>(() => PolarConnector.ConnectWithRefreshTokenAsync(PolarTestConnection.Options(server, o => o.ClientId = null), "x", None));
        Assert.Equal("ClientId", error.ParameterName);
    }
}
