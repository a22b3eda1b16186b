using System.Management.Automation;
using System.Security;
using SportsData.Connections;
using SportsData.Sandbox.Aikynetix;
using SportsData.Sandbox.Polar;
using SportsData.Sandbox.Valor;
using SportsData.Tests.Infrastructure;

namespace SportsData.PowerShell.Tests;

/// <summary>Runs alone: its tests set HTTP_PROXY/NO_PROXY for the whole process.</summary>
[CollectionDefinition(nameof(ProcessProxyEnvironment), DisableParallelization = true)]
public sealed class ProcessProxyEnvironment
{
}

/// <summary>
/// Connect-* -Proxy through a real forwarding proxy (<see cref="ForwardingProxy"/>) that enforces Basic authentication:
/// the vendors' simulators are addressed by host names only the proxy resolves (polar.test, cognito.test, ...), so a
/// request that did not go through the proxy fails, and the proxy counts what it forwarded.
/// </summary>
[Collection(nameof(ProcessProxyEnvironment))]
public sealed class ProxyCmdletTests : IAsyncLifetime
{
    private const string ProxyUser = "proxy-user";
    private const string ProxyPassword = "Pr0xy-Passw0rd-of-the-test";
    private SimulatorServer _server = null!;
    private ForwardingProxy _proxy = null!;
    private ModuleRunspace _ps = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _server = await SimulatorServer.StartAsync();
        _proxy = ForwardingProxy.Start(ProxyUser, ProxyPassword);
        _ps = new ModuleRunspace();
        _folder = Directory.CreateTempSubdirectory("sd-proxy-").FullName;
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _proxy.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private Uri At(string host, string relative = "") => ForwardingProxy.Through(_server.BaseUri, host, relative);

    private Dictionary<string, object?> Variables(string password = ProxyPassword) => new()
    {
        ["proxy"] = _proxy.Address,
        ["proxyCredential"] = new PSCredential(ProxyUser, Secure(password)),
        ["folder"] = _folder,
        ["polarApi"] = At("polar.test"),
        ["polarToken"] = At("auth.polar.test", "oauth/token"),
        ["clientSecret"] = Secure(PolarSimulator.DemoClientSecret),
        ["refreshToken"] = Secure(PolarSimulator.DemoRefreshToken),
        ["valorApi"] = At("valor.test", "production/"),
        ["cognito"] = At("cognito.test"),
        ["valorCredential"] = new PSCredential(CognitoSimulator.DemoUserName, Secure(CognitoSimulator.DemoPassword)),
        ["aikBase"] = At("aikynetix.test"),
        ["apiKey"] = Secure(AikynetixSimulator.DemoApiKey),
    };

    private const string ConnectPolar = "Connect-PolarTeamPro -ClientId '" + PolarSimulator.DemoClientId + "' -ClientSecret $clientSecret -RefreshToken $refreshToken -ApiBaseUri $polarApi -TokenUri $polarToken -MaxRetryCount 0";
    private const string ConnectValor = "Connect-Valor -Credential $valorCredential -ClientId '" + CognitoSimulator.DemoClientId + "' -ApiBaseUri $valorApi -CognitoEndpoint $cognito -MaxRetryCount 0";
    private const string ConnectAikynetix = "Connect-Aikynetix -ApiKey $apiKey -BaseUri $aikBase -MaxRetryCount 0";

    /// <summary>After <paramref name="revoke"/>, <paramref name="script"/> succeeds by signing in again at <paramref name="tokenHost"/> through the proxy (its second request there).</summary>
    private void AssertRenewedThroughProxy(Action revoke, string script, string tokenHost)
    {
        revoke();
        Assert.Empty(_ps.Run(script).Errors);
        Assert.Equal(2, _proxy.Count(tokenHost));
    }

    [Fact]
    public void Polar_sign_in_listing_samples_and_token_renewal_all_pass_through_the_authenticating_proxy()
    {
        var participant = _server.World.Polar.Data.Teams[0].Sessions.First(s => s.Participants.Count > 0).Participants[0];
        var result = _ps.Run($"""
            $c = {ConnectPolar} -Proxy $proxy -ProxyCredential $proxyCredential -PassThru
            $teams = Get-PolarTeam
            $rows = Get-PolarSample -PlayerSessionId '{participant.Id}' -Type HR
            $c; $teams.Count; $rows.Count
            """, Variables());
        Assert.Empty(result.Errors);
        var connection = Assert.IsType<PolarConnection>(result.Output[0].BaseObject);
        Assert.Equal(ProxyMode.Explicit, connection.Proxy.Mode);
        Assert.True(connection.Proxy.HasCredential);
        Assert.True((int)result.Output[1].BaseObject > 0, "teams were listed");
        Assert.True((int)result.Output[2].BaseObject > 0, "samples were fetched");
        Assert.Equal(1, _proxy.Count("auth.polar.test"));
        Assert.True(_proxy.Count("polar.test:" + _server.BaseUri.Port + "/v1/teams") >= 1);
        Assert.True(_proxy.Count("/v1/training_sessions/" + participant.Id) >= 1);

        // The access token is revoked: the renewal at the token endpoint goes through the proxy as well.
        AssertRenewedThroughProxy(_server.World.Polar.OAuth.RevokeAccessTokens, "@(Get-PolarTeam).Count", "auth.polar.test");
    }

    [Fact]
    public void Valor_Cognito_sign_in_renewal_listing_and_reports_pass_through_the_authenticating_proxy()
    {
        var result = _ps.Run($"""
            {ConnectValor} -Proxy $proxy -ProxyCredential $proxyCredential
            Get-ValorAthlete -First 1 | Get-ValorSession -First 1 | Get-ValorReport
            """, Variables());
        Assert.Empty(result.Errors);
        Assert.NotEmpty(result.Output);
        Assert.Equal(1, _proxy.Count("cognito.test"));
        Assert.True(_proxy.Count("valor.test:" + _server.BaseUri.Port + "/production/") >= 3, string.Join("\n", _proxy.Forwarded));

        AssertRenewedThroughProxy(_server.World.Valor.Cognito.RevokeTokens, "Get-ValorAthlete -First 1", "cognito.test");
    }

    [Fact]
    public void Aikynetix_credential_check_listing_and_the_video_download_from_storage_pass_through_the_authenticating_proxy()
    {
        string id = _server.World.Aikynetix.Data.Sessions.First(s => s.HasAnalyzedVideo).Id;
        var result = _ps.Run($"""
            {ConnectAikynetix} -Proxy $proxy -ProxyCredential $proxyCredential
            Get-ManagedSession -First 2
            Get-ManagedSessionVideo -SessionId '{id}' -OutFile "$folder/video.mp4"
            """, Variables());
        Assert.Empty(result.Errors);
        Assert.True(new FileInfo(Path.Combine(_folder, "video.mp4")).Length > 0);
        Assert.True(_proxy.Count("aikynetix.test:" + _server.BaseUri.Port + AikynetixSimulator.SessionsPath) >= 2, string.Join("\n", _proxy.Forwarded));
        Assert.Equal(1, _proxy.Count(AikynetixSimulator.MediaPrefix));

        // A sync on the same connection inherits its proxy: its listing and every video download pass through it.
        var sync = _ps.Run("Sync-ManagedSession -Path \"$folder/aik\" -IncludeVideos", Variables());
        Assert.Empty(sync.Errors);
        int videos = Directory.EnumerateFiles(Path.Combine(_folder, "aik"), "*.mp4", SearchOption.AllDirectories).Count();
        Assert.True(videos > 1, "the sync downloaded videos");
        Assert.Equal(1 + videos, _proxy.Count(AikynetixSimulator.MediaPrefix));
    }

    [Theory]
    [InlineData(ConnectPolar)]
    [InlineData(ConnectValor)]
    [InlineData(ConnectAikynetix)]
    public void A_wrong_proxy_password_is_Proxy_AuthenticationRequired_naming_ProxyCredential_without_the_password(string connect)
    {
        var result = _ps.Run(connect + " -Proxy $proxy -ProxyCredential $proxyCredential -ErrorAction Continue", Variables("Wr0ng-Proxy-Passw0rd"));
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("Proxy.AuthenticationRequired," + CmdletOf(connect), error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("-ProxyCredential", error.Exception.Message);
        Assert.Contains("-ProxyCredential", error.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain("Wr0ng-Proxy-Passw0rd", error.Exception.ToString());
        Assert.True(_proxy.Refused >= 2, "the proxy asked for credentials and refused the ones sent");
        Assert.Empty(_proxy.Forwarded);
    }

    /// <summary>Targets on http, and on https (with a proxy credential): there the client first opens a CONNECT tunnel.</summary>
    [Theory]
    [InlineData(ConnectPolar, false)]
    [InlineData(ConnectValor, false)]
    [InlineData(ConnectAikynetix, false)]
    [InlineData(ConnectPolar, true)]
    [InlineData(ConnectValor, true)]
    [InlineData(ConnectAikynetix, true)]
    public void An_unreachable_proxy_is_Proxy_Unreachable_naming_Proxy(string connect, bool https)
    {
        string arguments = https ? " -Proxy 'http://127.0.0.1:9/' -ProxyCredential $proxyCredential" : " -Proxy 'http://127.0.0.1:9/'";
        var result = _ps.Run(connect + arguments + " -ErrorAction Continue", https ? HttpsVariables() : Variables());
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("Proxy.Unreachable," + CmdletOf(connect), error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Contains("127.0.0.1:9", error.Exception.Message);
        Assert.Contains("-Proxy", error.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain(ProxyPassword, error.Exception.ToString());
    }

    /// <summary>
    /// The same connection with every target on https: the client must open a CONNECT tunnel through the proxy, which
    /// is where a 407 and an unreachable proxy show up as exceptions instead of responses.
    /// </summary>
    private Dictionary<string, object?> HttpsVariables(string password = ProxyPassword)
    {
        var variables = Variables(password);
        foreach (string name in new[] { "polarApi", "polarToken", "valorApi", "cognito", "aikBase" })
        {
            variables[name] = new UriBuilder((Uri)variables[name]!) { Scheme = Uri.UriSchemeHttps }.Uri;
        }
        return variables;
    }

    [Theory]
    [InlineData(ConnectPolar, "Wr0ng-Proxy-Passw0rd")]
    [InlineData(ConnectValor, "Wr0ng-Proxy-Passw0rd")]
    [InlineData(ConnectAikynetix, "Wr0ng-Proxy-Passw0rd")]
    [InlineData(ConnectPolar, null)]
    [InlineData(ConnectAikynetix, null)]
    public void A_407_to_the_CONNECT_of_an_https_tunnel_is_Proxy_AuthenticationRequired_naming_ProxyCredential(string connect, string? password)
    {
        string credential = password != null ? " -ProxyCredential $proxyCredential" : string.Empty;
        var result = _ps.Run(connect + " -Proxy $proxy" + credential + " -ErrorAction Continue", HttpsVariables(password ?? ProxyPassword));
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("Proxy.AuthenticationRequired," + CmdletOf(connect), error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("-ProxyCredential", error.Exception.Message);
        Assert.Contains(password != null ? "refused the -ProxyCredential given" : "wants a user name and password", error.Exception.Message);
        Assert.Contains("-ProxyCredential", error.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain("Wr0ng-Proxy-Passw0rd", error.Exception.ToString());
        Assert.DoesNotContain(ProxyPassword, error.Exception.ToString());
        Assert.True(_proxy.Refused >= 1, "the proxy refused the CONNECT");
        Assert.Empty(_proxy.Forwarded);
    }

    [Fact]
    public void A_refused_CONNECT_is_not_retried_so_a_wrong_proxy_password_is_sent_once()
    {
        string connect = ConnectPolar.Replace("-MaxRetryCount 0", "-MaxRetryCount 3", StringComparison.Ordinal);
        var result = _ps.Run(connect + " -Proxy $proxy -ProxyCredential $proxyCredential -ErrorAction Continue", HttpsVariables("Wr0ng-Proxy-Passw0rd"));
        Assert.Equal("Proxy.AuthenticationRequired,SportsData.PowerShell.Polar.ConnectPolarTeamPro", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(2, _proxy.Refused); // the challenge, then the wrong password: no retries that could lock the proxy account
    }

    [Fact]
    public void An_unreachable_proxy_whose_port_contains_407_is_still_Proxy_Unreachable()
    {
        // The socket error names the proxy's address; "127.0.0.1:407x" must not read as a 407 answer.
        int port = Enumerable.Range(4070, 10).First(IsFree);
        foreach (var variables in new[] { Variables(), HttpsVariables() })
        {
            var result = _ps.Run(ConnectPolar + $" -Proxy 'http://127.0.0.1:{port}/' -ErrorAction Continue", variables);
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("Proxy.Unreachable,SportsData.PowerShell.Polar.ConnectPolarTeamPro", error.FullyQualifiedErrorId);
        }
    }

    [Fact]
    public void The_CONNECT_of_an_https_target_reaches_the_proxy_with_the_Basic_credentials()
    {
        // The proxy accepts the credentials and opens the tunnel; the simulator behind it speaks plain HTTP, so the
        // TLS handshake inside the tunnel then fails: that is a connection error of the vendor, not of the proxy.
        var result = _ps.Run(ConnectPolar + " -Proxy $proxy -ProxyCredential $proxyCredential -ErrorAction Continue", HttpsVariables());
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.DoesNotContain("Proxy.", error.FullyQualifiedErrorId);
        Assert.DoesNotContain(ProxyPassword, error.Exception.ToString());
        Assert.Equal(1, _proxy.Count("CONNECT auth.polar.test:" + _server.BaseUri.Port));
        Assert.Single(_proxy.Forwarded);
        Assert.Equal(1, _proxy.Refused); // the challenge: the client sent the credentials only when asked
    }

    [Fact]
    public async Task Every_vendor_over_https_works_end_to_end_through_the_CONNECT_tunnel_of_the_authenticating_proxy()
    {
        if (!TrustedTestCertificate.Supported) return; // trusting a test certificate needs no dialog only on Linux
        using var trust = TrustedTestCertificate.Create("polar.test", "auth.polar.test", "valor.test", "cognito.test", "aikynetix.test");
        await using var https = await SimulatorServer.StartAsync(certificate: trust.Certificate);
        Assert.Equal(Uri.UriSchemeHttps, https.BaseUri.Scheme);
        Uri On(string host, string relative = "") => ForwardingProxy.Through(https.BaseUri, host, relative);
        var variables = Variables();
        variables["polarApi"] = On("polar.test");
        variables["polarToken"] = On("auth.polar.test", "oauth/token");
        variables["valorApi"] = On("valor.test", "production/");
        variables["cognito"] = On("cognito.test");
        variables["aikBase"] = On("aikynetix.test");
        var participant = https.World.Polar.Data.Teams[0].Sessions.First(s => s.Participants.Count > 0).Participants[0];
        var result = _ps.Run($"""
            {ConnectPolar} -Proxy $proxy -ProxyCredential $proxyCredential
            @(Get-PolarTeam).Count
            @(Get-PolarSample -PlayerSessionId '{participant.Id}' -Type HR).Count
            {ConnectValor} -Proxy $proxy -ProxyCredential $proxyCredential
            @(Get-ValorAthlete -First 1 | Get-ValorSession -First 1).Count
            {ConnectAikynetix} -Proxy $proxy -ProxyCredential $proxyCredential
            @(Get-ManagedSession -First 2).Count
            """, variables);
        Assert.Empty(result.Errors);
        Assert.All(result.Output, o => Assert.True((int)o.BaseObject > 0, "every listing returned data"));
        Assert.Equal(4, result.Output.Count);
        // Nothing went around the proxy (the .test names resolve nowhere else) and all of it went through tunnels:
        // the proxy saw CONNECTs only, each one after the Basic credentials were accepted.
        string port = ":" + https.BaseUri.Port;
        Assert.All(_proxy.Forwarded, f => Assert.StartsWith("CONNECT ", f));
        foreach (string host in new[] { "auth.polar.test", "polar.test", "cognito.test", "valor.test", "aikynetix.test" })
        {
            Assert.True(_proxy.Count("CONNECT " + host + port) >= 1, host + " was reached through a tunnel: " + string.Join(", ", _proxy.Forwarded));
        }
        Assert.DoesNotContain(result.Verbose, v => v.Contains(ProxyPassword, StringComparison.Ordinal));
    }

    [Fact]
    public void The_system_proxy_from_HTTP_PROXY_is_used_by_default_and_NO_PROXY_and_NoProxy_bypass_it()
    {
        var variables = Variables();
        variables["polarApi"] = _server.BaseUri; // 127.0.0.1: reachable with and without the proxy
        variables["polarToken"] = new Uri(_server.BaseUri, "oauth/token");
        variables["proxyUrl"] = new UriBuilder(_proxy.Address) { UserName = ProxyUser, Password = ProxyPassword }.Uri.AbsoluteUri;
        string[] names = { "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY" };
        var saved = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            foreach (string name in names) Environment.SetEnvironmentVariable(name, null);
            // The proxy from the environment, with its account in the URL as curl and .NET accept it.
            var viaEnvironment = _ps.Run($"$env:HTTP_PROXY = $proxyUrl; {ConnectPolar} -PassThru; Get-PolarTeam | Out-Null", variables);
            Assert.Empty(viaEnvironment.Errors);
            Assert.Equal(ProxyMode.System, Assert.IsType<PolarConnection>(viaEnvironment.Output[0].BaseObject).Proxy.Mode);
            int through = _proxy.Forwarded.Count;
            Assert.True(through >= 2, "sign-in and listing went through the HTTP_PROXY proxy");

            var noProxyVariable = _ps.Run($"$env:NO_PROXY = 'example.org, 127.0.0.1'; {ConnectPolar}; Get-PolarTeam | Out-Null", variables);
            Assert.Empty(noProxyVariable.Errors);
            Assert.Equal(through, _proxy.Forwarded.Count);

            var noProxySwitch = _ps.Run($"$env:NO_PROXY = $null; {ConnectPolar} -NoProxy -PassThru; Get-PolarTeam | Out-Null", variables);
            Assert.Empty(noProxySwitch.Errors);
            Assert.Equal(ProxyMode.None, Assert.IsType<PolarConnection>(noProxySwitch.Output[0].BaseObject).Proxy.Mode);
            Assert.Equal(through, _proxy.Forwarded.Count);

            // NO_PROXY applies to -Proxy too.
            var explicitBypassed = _ps.Run($"$env:HTTP_PROXY = $null; $env:NO_PROXY = '127.0.0.1'; {ConnectPolar} -Proxy $proxy -ProxyCredential $proxyCredential; Get-PolarTeam | Out-Null", variables);
            Assert.Empty(explicitBypassed.Errors);
            Assert.Equal(through, _proxy.Forwarded.Count);
        }
        finally
        {
            foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
        }
    }

    [Fact]
    public void The_sandbox_accepts_and_ignores_the_proxy_parameters()
    {
        var result = _ps.Run("""
            Connect-PolarTeamPro -Sandbox -Proxy 'http://127.0.0.1:9/' -ProxyCredential $proxyCredential -PassThru
            Connect-Valor -Sandbox -Proxy 'http://127.0.0.1:9/' -PassThru
            Connect-Aikynetix -Sandbox -NoProxy -PassThru
            @(Get-PolarTeam).Count
            """, Variables());
        Assert.Empty(result.Errors);
        Assert.All(result.Output.Take(3), o => Assert.Equal(ProxyMode.None, ((SportsDataConnection)o.BaseObject).Proxy.Mode));
        Assert.True((int)result.Output[3].BaseObject > 0);
    }

    [Theory]
    [InlineData("-NoProxy -Proxy 'http://proxy.example.org:3128/'", "InvalidParameter.NoProxy")]
    [InlineData("-ProxyCredential $proxyCredential -ProxyUseDefaultCredentials", "InvalidParameter.ProxyCredential")]
    [InlineData("-Proxy 'ftp://proxy.example.org/'", "InvalidParameter.Proxy")]
    [InlineData("-Proxy 'http://someone:S3cret-in-the-url@proxy.example.org:3128/'", "InvalidParameter.Proxy")]
    public void Proxy_parameters_that_cannot_work_stop_before_any_request_naming_the_parameter(string parameters, string errorId)
    {
        var result = _ps.Run(ConnectPolar + " " + parameters + " -ErrorAction Continue", Variables());
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal(errorId + ",SportsData.PowerShell.Polar.ConnectPolarTeamPro", error.FullyQualifiedErrorId);
        Assert.DoesNotContain("S3cret-in-the-url", error.Exception.ToString());
        Assert.Empty(_proxy.Forwarded);
        Assert.Equal(0, _proxy.Refused);
    }

    [Fact]
    public async Task Interactive_sign_in_opens_the_browser_and_catches_the_code_on_a_loopback_redirect_through_the_proxy()
    {
        if (OperatingSystem.IsWindows()) return; // the browser is replaced by an xdg-open/open script, which Windows does not run
        var variables = Variables();
        int port = LoopbackPort.Free();
        variables["redirect"] = new Uri($"http://127.0.0.1:{port}/callback/");
        variables["authorize"] = At("auth.polar.test", "oauth/authorize");
        // The "browser": an xdg-open (open on macOS) first on PATH that records the URL it is given.
        string bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
        string opened = Path.Combine(_folder, "opened.txt");
        foreach (string name in new[] { "xdg-open", "open" })
        {
            string script = Path.Combine(bin, name);
            File.WriteAllText(script, "#!/bin/sh\nprintf '%s' \"$1\" > '" + opened + "'\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        string? path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", bin + Path.PathSeparator + path);
        try
        {
            using var shell = _ps.Create(
                "Connect-PolarTeamPro -ClientId '" + PolarSimulator.DemoClientId + "' -ClientSecret $clientSecret -RedirectUri $redirect -SignInTimeoutSec 60 " +
                "-ApiBaseUri $polarApi -AuthorizeUri $authorize -TokenUri $polarToken -Proxy $proxy -ProxyCredential $proxyCredential -MaxRetryCount 0 -PassThru");
            foreach (var (name, value) in variables) shell.Runspace.SessionStateProxy.SetVariable(name, value);
            var output = new PSDataCollection<PSObject>();
            IAsyncResult running = shell.BeginInvoke<PSObject, PSObject>(null, output);

            for (int i = 0; i < 100 && !File.Exists(opened); i++) await Task.Delay(100);
            var authorize = new Uri(File.ReadAllText(opened));
            Assert.Equal("auth.polar.test", authorize.Host);
            string state = System.Web.HttpUtility.ParseQueryString(authorize.Query)["state"]!;
            // The user approves: the authorization server redirects the browser to the loopback listener with a code.
            string code = _server.World.Polar.OAuth.IssueAuthorizationCode(PolarSimulator.DemoClientId, variables["redirect"]!.ToString());
            using var browser = new HttpClient();
            using HttpResponseMessage answer = await browser.GetAsync($"http://127.0.0.1:{port}/callback/?code={code}&state={state}");
            shell.EndInvoke(running);
            Assert.Empty(shell.Streams.Error);
            Assert.Equal("AuthorizationCode", Assert.IsType<PolarConnection>(Assert.Single(output).BaseObject).AuthenticationMethod);
            Assert.Equal(1, _proxy.Count("auth.polar.test:" + _server.BaseUri.Port + "/oauth/token"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static string CmdletOf(string connect) => connect.StartsWith("Connect-PolarTeamPro", StringComparison.Ordinal) ? "SportsData.PowerShell.Polar.ConnectPolarTeamPro"
        : connect.StartsWith("Connect-Valor", StringComparison.Ordinal) ? "SportsData.PowerShell.Valor.ConnectValor"
        : "SportsData.PowerShell.Aikynetix.ConnectAikynetix";

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
