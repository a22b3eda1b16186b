using System.Collections;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SportsData.Sandbox;
using SportsData.Sandbox.Aikynetix;
using SportsData.Sandbox.Polar;
using SportsData.Sandbox.Valor;

namespace SportsData.PowerShell.Tests;

/// <summary>Runs alone: it queues faults on the shared sandbox world, which the other tests use too.</summary>
[CollectionDefinition(nameof(SharedWorldFaults), DisableParallelization = true)]
public sealed class SharedWorldFaults
{
}

/// <summary>
/// Every cmdlet, with -Verbose -Debug, under faults (expired tokens, 5xx, cut bodies, unreachable hosts): no secret in
/// play (client secret, access/refresh/ID tokens, API keys, passwords, signed URL signatures) appears in any output,
/// verbose, debug, warning, information or progress text, error record or exception text (ToString, inner exceptions).
/// </summary>
[Collection(nameof(SharedWorldFaults))]
public sealed class SecretLeakTests : IDisposable
{
    // Secrets passed to connections that fail (unreachable hosts): the failure texts must not carry them either.
    private const string ClientSecret = "Cl13nt-S3cret-0f-the-test";
    private const string RefreshToken = "R3fresh-T0ken-0f-the-test";
    private const string Password = "Passw0rd-0f-the-test!";
    private const string ApiKey = "aik_Test_K3y_0f_the_test";
    private const string Unreachable = "http://127.0.0.1:9/";

    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private readonly SandboxWorld _world = SandboxWorld.Shared;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sd-secrets-" + Guid.NewGuid().ToString("N"));
    private readonly Xunit.Abstractions.ITestOutputHelper _log;

    public SecretLeakTests(Xunit.Abstractions.ITestOutputHelper log)
    {
        _log = log;
        Directory.CreateDirectory(_folder);
        foreach (string known in new[] { ClientSecret, RefreshToken, Password, ApiKey, PolarSimulator.DemoClientSecret, PolarSimulator.DemoRefreshToken, CognitoSimulator.DemoPassword, AikynetixSimulator.DemoApiKey })
        {
            _secrets[known] = "given";
        }
        _world.RequestReceived += CollectFromRequest;
        _world.ResponseSent += CollectFromResponse;
    }

    public void Dispose()
    {
        _world.RequestReceived -= CollectFromRequest;
        _world.ResponseSent -= CollectFromResponse;
        _world.Faults.Clear();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void No_secret_appears_in_any_stream_error_or_exception_of_any_cmdlet_under_faults()
    {
        var polar = _world.Polar.Data.Teams[0];
        var teamSession = polar.Sessions[0];
        var participant = teamSession.Participants[0];
        var valor = _world.Valor.Data.Sessions[0];
        var aik = _world.Aikynetix.Data;
        var video = aik.Sessions.First(s => s.HasAnalyzedVideo);
        var unanalyzed = aik.Sessions.Last(s => !s.HasAnalyzedVideo);
        string since = DateTime.Now.AddDays(-4).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // Faults on the shared world: each fires once (or a few times) on paths only this test uses at this moment.
        _world.Faults.AddTokenExpiry("/v1/teams/" + polar.Id + "/players");                     // Polar renews with the refresh token
        _world.Faults.AddStatus("/v1/teams/" + polar.Id + "/sport-profiles", 500, times: 5);     // retries run out: an error record
        _world.Faults.AddCutBody("/v1/training_sessions/" + participant.Id + "/session_summary", times: 5); // InvalidResponse
        _world.Faults.AddTokenExpiry("/production/athletes");                                    // Valor renews with Cognito
        _world.Faults.AddStatus("/production/ikData", 503, times: 1, retryAfter: "0");
        _world.Faults.AddCutBody("POST " + AikynetixSimulator.SessionsPath + unanalyzed.Id + "/analyzed-video/"); // not repeated: InvalidResponse
        _world.Faults.AddResetMidBody(AikynetixSimulator.MediaPrefix);                           // the signed download is retried

        string script = $$"""
            $ErrorActionPreference = 'Continue'
            $VerbosePreference = 'Continue'
            $DebugPreference = 'Continue'
            $InformationPreference = 'Continue'
            Connect-PolarTeamPro -Sandbox -MaxRetryCount 1 -PassThru -Verbose -Debug
            Get-PolarTeam -Verbose -Debug
            Get-PolarTeamPlayer -TeamId '{{polar.Id}}' -Verbose -Debug
            Get-PolarSportProfile -TeamId '{{polar.Id}}' -Verbose -Debug
            Get-PolarTeamSession -TeamId '{{polar.Id}}' -First 3 -Verbose -Debug
            Get-PolarTeamSession -TeamSessionId '{{teamSession.Id}}' -Verbose -Debug
            Get-PolarPlayerSession -PlayerId '{{participant.Player.Id}}' -First 2 -Verbose -Debug
            Get-PolarPlayerSession -PlayerSessionId '{{participant.Id}}' -Verbose -Debug
            Get-PolarSessionSummary -TeamSessionId '{{teamSession.Id}}' -Verbose -Debug
            Get-PolarPhaseSummary -PlayerSessionId '{{participant.Id}}' -Verbose -Debug
            $rows = Get-PolarSample -PlayerSessionId '{{participant.Id}}' -Type HR -Verbose -Debug
            Get-PolarRRInterval -PlayerSessionId '{{participant.Id}}' -Verbose -Debug | Out-Null
            Export-PolarSample -PlayerSessionId '{{participant.Id}}' -Path "$folder/samples.csv" -PassThru -Verbose -Debug
            Sync-PolarTeamPro -Path "$folder/polar" -Since '{{since}}' -WhatIf -Verbose -Debug
            Disconnect-PolarTeamPro -Verbose -Debug
            Connect-Valor -Sandbox -MaxRetryCount 1 -PassThru -Verbose -Debug
            Get-ValorAthlete -Verbose -Debug
            Get-ValorSession -First 3 -Verbose -Debug
            Get-ValorSessionListing -Verbose -Debug
            Get-ValorReport -S3Key '{{valor.S3Key}}' -SessionId '{{valor.Id}}' -Verbose -Debug
            Get-ValorIKData -S3Key '{{valor.S3Key}}' -SessionId '{{valor.Id}}' -Joint knee* -Verbose -Debug | Out-Null
            Sync-Valor -Path "$folder/valor" -AthleteId '{{valor.Athlete.Id}}' -Verbose -Debug
            Disconnect-Valor -Verbose -Debug
            Connect-Aikynetix -Sandbox -MaxRetryCount 1 -PassThru -Verbose -Debug
            Get-ManagedSession -First 3 -Verbose -Debug
            Get-ManagedSession -SessionId '{{video.Id}}' -Verbose -Debug
            Set-ManagedSession -SessionId '{{video.Id}}' -Title 'renamed by the secrets test' -Verbose -Debug
            Get-ManagedSessionVideo -SessionId '{{video.Id}}' -Verbose -Debug
            Get-ManagedSessionVideo -SessionId '{{video.Id}}' -OutFile "$folder/video.mp4" -Verbose -Debug
            Request-ManagedSessionVideo -SessionId '{{unanalyzed.Id}}' -Confirm:$false -Verbose -Debug
            Remove-ManagedSession -SessionId 'no-such-session-for-the-secrets-test' -Confirm:$false -Verbose -Debug
            Sync-ManagedSession -Path "$folder/aik" -Verbose -Debug
            Publish-SportsDataset -Path "$folder/aik" -ConnectionString 'Host=127.0.0.1;Port=9;Database=sports;Timeout=3' -Credential $credential -Verbose -Debug
            Publish-SportsDataset -Path "$folder/aik" -ConnectionString "Host=127.0.0.1;Port=9;Database=sports;Username=me;Password=$($credential.GetNetworkCredential().Password)" -Verbose -Debug
            Publish-SportsDataset -Path "$folder/aik" -ConnectionString "Hots=127.0.0.1;Password=$($credential.GetNetworkCredential().Password)" -Verbose -Debug
            Sync-SportsData -Path "$folder/all" -WhatIf -Verbose -Debug
            Disconnect-Aikynetix -Verbose -Debug
            # Failures with the test's own secrets: unreachable hosts, no retries.
            Connect-PolarTeamPro -ClientId my-client -ClientSecret $clientSecret -RefreshToken $refreshToken -TokenUri '{{Unreachable}}oauth/token' -MaxRetryCount 0 -Verbose -Debug
            Connect-Valor -ClientId my-client -Credential $credential -CognitoEndpoint '{{Unreachable}}' -MaxRetryCount 0 -Verbose -Debug
            Connect-Valor -Token $jwt -ApiBaseUri '{{Unreachable}}' -MaxRetryCount 0 -Verbose -Debug
            Get-ValorAthlete -Verbose -Debug
            Connect-Aikynetix -ApiKey $apiKey -BaseUri '{{Unreachable}}' -MaxRetryCount 0 -Verbose -Debug
            Get-ManagedSession -First 1 -Verbose -Debug
            Connect-Aikynetix -IdToken $jwt -BaseUri '{{Unreachable}}' -MaxRetryCount 0 -NoCredentialCheck -Verbose -Debug
            Get-ManagedSession -First 1 -Verbose -Debug
            """;
        string jwt = FakeJwt();
        _secrets[jwt] = "given";

        var texts = Run(_log, script, new Dictionary<string, object?>
        {
            ["folder"] = _folder,
            ["clientSecret"] = Secure(ClientSecret),
            ["refreshToken"] = Secure(RefreshToken),
            ["credential"] = new PSCredential("me@example.com", Secure(Password)),
            ["apiKey"] = Secure(ApiKey),
            ["jwt"] = Secure(jwt),
        }, out int errors, out int outputs);

        // The test exercised what it claims: tokens were renewed, signed URLs were handed out, failures were reported.
        Assert.Contains(_secrets, s => s.Value == "access token");
        Assert.Contains(_secrets, s => s.Value == "refresh token");
        Assert.Contains(_secrets, s => s.Value == "signature");
        Assert.True(errors >= 6, $"expected the faults and the unreachable hosts to produce error records, got {errors}");
        Assert.True(outputs > 20, $"expected output from the cmdlets, got {outputs}");
        Assert.Contains(texts, t => t.Contains("renewing", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("AikynetixApi.InvalidResponse", StringComparison.Ordinal) || t.Contains("could not be read", StringComparison.Ordinal));
        Assert.True(Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Any(), "the exports and syncs wrote files");

        var leaks = new List<string>();
        foreach (var (secret, kind) in _secrets)
        {
            foreach (string text in texts)
            {
                int at = text.IndexOf(secret, StringComparison.Ordinal);
                if (at >= 0) leaks.Add($"{kind} found in: {text.Substring(Math.Max(0, at - 300), Math.Min(text.Length - Math.Max(0, at - 300), 400))}");
            }
        }
        foreach (string file in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".mp4", StringComparison.Ordinal)))
        {
            string content = File.ReadAllText(file);
            foreach (var (secret, kind) in _secrets)
            {
                if (content.Contains(secret, StringComparison.Ordinal)) leaks.Add($"{kind} found in file {file}");
            }
        }
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Distinct().Take(20)));
    }

    [Fact]
    public async Task No_proxy_password_appears_in_any_stream_error_or_exception_through_a_real_proxy()
    {
        const string ProxyPassword = "Pr0xy-S3cret-0f-the-test";
        const string WrongPassword = "Wr0ng-Pr0xy-S3cret-0f-the-test";
        const string UrlPassword = "Url-Pr0xy-S3cret-0f-the-test";
        var proxySecrets = new[] { ProxyPassword, WrongPassword, UrlPassword };
        await using var server = await SportsData.Tests.Infrastructure.SimulatorServer.StartAsync();
        await using var proxy = SportsData.Tests.Infrastructure.ForwardingProxy.Start("proxy-user", ProxyPassword);
        Uri At(string host, string relative = "") => SportsData.Tests.Infrastructure.ForwardingProxy.Through(server.BaseUri, host, relative);
        var participant = server.World.Polar.Data.Teams[0].Sessions.First(s => s.Participants.Count > 0).Participants[0];
        string video = server.World.Aikynetix.Data.Sessions.First(s => s.HasAnalyzedVideo).Id;
        string? savedHttpProxy = Environment.GetEnvironmentVariable("HTTP_PROXY");
        string script = $$"""
            $VerbosePreference = 'Continue'
            $DebugPreference = 'Continue'
            Connect-PolarTeamPro -ClientId '{{PolarSimulator.DemoClientId}}' -ClientSecret $polarSecret -RefreshToken $polarRefresh -ApiBaseUri '{{At("polar.test")}}' -TokenUri '{{At("polar.test", "oauth/token")}}' -Proxy $proxy -ProxyCredential $good -MaxRetryCount 0 -PassThru -Verbose -Debug
            Get-PolarTeam -Verbose -Debug
            Get-PolarSample -PlayerSessionId '{{participant.Id}}' -Type HR -Verbose -Debug
            Connect-Valor -Credential $valorCredential -ClientId '{{CognitoSimulator.DemoClientId}}' -ApiBaseUri '{{At("valor.test", "production/")}}' -CognitoEndpoint '{{At("cognito.test")}}' -Proxy $proxy -ProxyCredential $good -MaxRetryCount 0 -PassThru -Verbose -Debug
            Get-ValorAthlete -First 1 -Verbose -Debug
            Connect-Aikynetix -ApiKey $aikKey -BaseUri '{{At("aikynetix.test")}}' -Proxy $proxy -ProxyCredential $good -MaxRetryCount 0 -PassThru -Verbose -Debug
            Get-ManagedSessionVideo -SessionId '{{video}}' -OutFile "$folder/proxied.mp4" -Verbose -Debug
            Connect-PolarTeamPro -ClientId '{{PolarSimulator.DemoClientId}}' -ClientSecret $polarSecret -RefreshToken $polarRefresh -ApiBaseUri '{{At("polar.test")}}' -TokenUri '{{At("polar.test", "oauth/token")}}' -Proxy $proxy -ProxyCredential $wrong -MaxRetryCount 0 -Verbose -Debug
            Connect-Valor -Credential $valorCredential -ClientId '{{CognitoSimulator.DemoClientId}}' -ApiBaseUri '{{At("valor.test", "production/")}}' -CognitoEndpoint '{{At("cognito.test")}}' -Proxy 'http://127.0.0.1:9/' -ProxyCredential $good -MaxRetryCount 0 -Verbose -Debug
            Connect-Aikynetix -ApiKey $aikKey -BaseUri '{{At("aikynetix.test")}}' -Proxy $proxy -ProxyCredential $wrong -MaxRetryCount 0 -Verbose -Debug
            Connect-Aikynetix -ApiKey $aikKey -BaseUri '{{At("aikynetix.test")}}' -Proxy 'http://proxy-user:{{UrlPassword}}@127.0.0.1:9/' -MaxRetryCount 0 -Verbose -Debug
            $env:HTTP_PROXY = 'http://proxy-user:{{ProxyPassword}}@127.0.0.1:{{proxy.Address.Port}}/'
            Connect-PolarTeamPro -ClientId '{{PolarSimulator.DemoClientId}}' -ClientSecret $polarSecret -RefreshToken $polarRefresh -ApiBaseUri '{{At("polar.test")}}' -TokenUri '{{At("polar.test", "oauth/token")}}' -MaxRetryCount 0 -PassThru -Verbose -Debug
            $env:HTTP_PROXY = 'http://proxy-user:{{UrlPassword}}@127.0.0.1:9/'
            Connect-PolarTeamPro -ClientId '{{PolarSimulator.DemoClientId}}' -ClientSecret $polarSecret -RefreshToken $polarRefresh -ApiBaseUri '{{At("polar.test")}}' -TokenUri '{{At("polar.test", "oauth/token")}}' -MaxRetryCount 0 -PassThru -Verbose -Debug
            """;
        List<string> texts;
        int errors, outputs;
        try
        {
            texts = Run(_log, script, new Dictionary<string, object?>
            {
                ["folder"] = _folder,
                ["proxy"] = proxy.Address,
                ["good"] = new PSCredential("proxy-user", Secure(ProxyPassword)),
                ["wrong"] = new PSCredential("proxy-user", Secure(WrongPassword)),
                ["polarSecret"] = Secure(PolarSimulator.DemoClientSecret),
                ["polarRefresh"] = Secure(PolarSimulator.DemoRefreshToken),
                ["valorCredential"] = new PSCredential(CognitoSimulator.DemoUserName, Secure(CognitoSimulator.DemoPassword)),
                ["aikKey"] = Secure(AikynetixSimulator.DemoApiKey),
            }, out errors, out outputs);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HTTP_PROXY", savedHttpProxy);
        }

        // The test exercised what it claims: requests went through the proxy, each failure was reported as the proxy's.
        Assert.True(proxy.Count("polar.test") >= 3 && proxy.Count("cognito.test") >= 1 && proxy.Count(AikynetixSimulator.MediaPrefix) >= 1, string.Join("\n", proxy.Forwarded));
        Assert.Equal(5, errors);
        Assert.Equal(2, texts.Count(t => t == "Proxy.AuthenticationRequired,SportsData.PowerShell.Polar.ConnectPolarTeamPro" || t == "Proxy.AuthenticationRequired,SportsData.PowerShell.Aikynetix.ConnectAikynetix"));
        Assert.Contains(texts, t => t == "Proxy.Unreachable,SportsData.PowerShell.Valor.ConnectValor");
        Assert.Contains(texts, t => t == "InvalidParameter.Proxy,SportsData.PowerShell.Aikynetix.ConnectAikynetix");
        Assert.Contains(texts, t => t == "Proxy.Unreachable,SportsData.PowerShell.Polar.ConnectPolarTeamPro");
        Assert.True(outputs >= 6, $"expected the connections and data, got {outputs}");

        var leaks = new List<string>();
        foreach (string secret in proxySecrets)
        {
            foreach (string text in texts)
            {
                if (text.Contains(secret, StringComparison.Ordinal)) leaks.Add("proxy password found in: " + text);
                if (text.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("proxy-user:" + secret)), StringComparison.Ordinal)) leaks.Add("proxy Basic credential found in: " + text);
            }
        }
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Distinct().Take(20)));
    }

    /// <summary>Runs the script and returns every text it produced, in every stream.</summary>
    private static List<string> Run(Xunit.Abstractions.ITestOutputHelper log, string script, IDictionary<string, object?> variables, out int errors, out int outputs)
    {
        using var ps = new ModuleRunspace();
        var texts = new List<string>();
        errors = 0;
        outputs = 0;
        bool first = true;
        // One command line at a time (the variables and connections carry over), so the log shows what each costs.
        foreach (string line in script.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            using var shell = ps.Create(line);
            if (first)
            {
                foreach (var (name, value) in variables) shell.Runspace.SessionStateProxy.SetVariable(name, value);
                first = false;
            }
            var output = new PSDataCollection<PSObject>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            shell.Invoke(null, output);
            log.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s, {output.Count,6} object(s), {shell.Streams.Error.Count} error(s): {line}");
            outputs += output.Count;
            errors += Collect(texts, shell, output);
        }
        return texts;
    }

    private static int Collect(List<string> texts, System.Management.Automation.PowerShell shell, PSDataCollection<PSObject> output)
    {
        foreach (PSObject item in output) AddObject(texts, item);
        foreach (VerboseRecord record in shell.Streams.Verbose) texts.Add(record.Message);
        foreach (DebugRecord record in shell.Streams.Debug) texts.Add(record.Message);
        foreach (WarningRecord record in shell.Streams.Warning) texts.Add(record.Message);
        foreach (InformationRecord record in shell.Streams.Information) texts.Add(record.MessageData?.ToString() ?? string.Empty);
        foreach (ProgressRecord record in shell.Streams.Progress) texts.Add(record.Activity + " " + record.StatusDescription + " " + record.CurrentOperation);
        foreach (ErrorRecord record in shell.Streams.Error)
        {
            texts.Add(record.ToString());
            texts.Add(record.FullyQualifiedErrorId);
            texts.Add(record.CategoryInfo.ToString());
            texts.Add(record.ErrorDetails?.Message + " " + record.ErrorDetails?.RecommendedAction);
            texts.Add(record.TargetObject?.ToString() ?? string.Empty);
            for (Exception? e = record.Exception; e != null; e = e.InnerException)
            {
                texts.Add(e.ToString());
                texts.Add(e.Message);
                foreach (DictionaryEntry entry in e.Data) texts.Add(entry.Key + "=" + entry.Value);
            }
        }
        return shell.Streams.Error.Count;
    }

    /// <summary>An output object as the user can see it: ToString and every property value (one level down for nested objects).</summary>
    private static void AddObject(List<string> texts, PSObject item)
    {
        object? value = item.BaseObject;
        if (value == null || value is ValueType) return;
        if (value is SportsData.Polar.PolarSample) return; // numbers only (and thousands of them)
        texts.Add(item.ToString());
        foreach (PSPropertyInfo property in item.Properties)
        {
            object? propertyValue;
            try { propertyValue = property.Value; }
            catch (GetValueException) { continue; }
            // AiKYNETIX video URLs are data the user asks for (Get-ManagedSessionVideo exists to hand them out): they are
            // signed URLs by design. They are kept out of ToString, and everything else must be clean.
            if ((value is SportsData.Aikynetix.ManagedSessionVideo || value is SportsData.Aikynetix.ManagedSession) && property.Name.EndsWith("Url", StringComparison.Ordinal)) continue;
            if (propertyValue is IEnumerable sequence and not string)
            {
                foreach (object? element in sequence) texts.Add(element?.ToString() ?? string.Empty);
            }
            else
            {
                texts.Add(propertyValue?.ToString() ?? string.Empty);
            }
        }
    }

    private void CollectFromRequest(SimRequest request)
    {
        string? authorization = request.Header("Authorization");
        if (authorization != null)
        {
            int space = authorization.IndexOf(' ');
            string credential = space >= 0 ? authorization.Substring(space + 1).Trim() : authorization.Trim();
            Add(credential, "credential header");
            if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    string pair = Encoding.UTF8.GetString(Convert.FromBase64String(credential));
                    Add(pair.Substring(pair.IndexOf(':') + 1), "client secret");
                }
                catch (FormatException) { }
            }
        }
        Add(request.Header("API-KEY"), "API key");
        string body = request.BodyText;
        if (body.Length == 0) return;
        if (body.TrimStart().StartsWith("{", StringComparison.Ordinal)) CollectJson(body);
        else
        {
            foreach (var (name, value) in request.FormBody())
            {
                if (name is "refresh_token" or "code" or "client_secret" or "password") Add(value, name);
            }
        }
    }

    private void CollectFromResponse(SimRequest request, SimResponse response)
    {
        string text = Encoding.UTF8.GetString(response.Body);
        if (text.TrimStart().StartsWith("{", StringComparison.Ordinal)) CollectJson(text);
        foreach (Match match in Regex.Matches(text, "[?&]signature=([^&\"\\\\]+)")) Add(match.Groups[1].Value, "signature");
    }

    private void CollectJson(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            Walk(document.RootElement);
        }
        catch (JsonException)
        {
        }
    }

    private void Walk(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in element.EnumerateObject())
            {
                string name = property.Name.ToLowerInvariant().Replace("_", string.Empty);
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    string kind = name switch
                    {
                        "accesstoken" => "access token",
                        "refreshtoken" => "refresh token",
                        "idtoken" => "ID token",
                        "password" => "password",
                        _ => string.Empty,
                    };
                    if (kind.Length > 0) Add(property.Value.GetString(), kind);
                }
                else if (property.Value.ValueKind == JsonValueKind.Object && property.Name == "AuthParameters")
                {
                    foreach (JsonProperty parameter in property.Value.EnumerateObject())
                    {
                        if (parameter.Name is "PASSWORD" or "REFRESH_TOKEN") Add(parameter.Value.GetString(), parameter.Name == "PASSWORD" ? "password" : "refresh token");
                    }
                }
                else Walk(property.Value);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray()) Walk(item);
        }
    }

    private void Add(string? secret, string kind)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 8) return;
        _secrets.TryAdd(secret, kind);
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>A JWT-shaped token that expires in an hour (its signature is not checked by anyone here).</summary>
    private static string FakeJwt()
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        long exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return Part("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + Part("{\"sub\":\"secrets-test\",\"token_use\":\"id\",\"exp\":" + exp + "}") + "." + Part("signature-of-the-secrets-test");
    }
}
