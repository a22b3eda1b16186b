using System.Management.Automation;

namespace SportsData.PowerShell.Tests;

/// <summary>
/// Every parameter that takes a URI, a path, a date range or an id answers a wrong value with an error that names
/// the parameter (InvalidParameter.&lt;Name&gt;, category InvalidArgument) before any request is sent.
/// </summary>
public class ParameterValidationTests
{
    private const string Secret = "$secret";
    private const string PolarClient = "Connect-PolarTeamPro -ClientId my-client -ClientSecret " + Secret + " -RefreshToken " + Secret;
    private const string ValorCredential = "Connect-Valor -ClientId my-client -Credential $credential";
    private const string AikynetixKey = "Connect-Aikynetix -ApiKey " + Secret;

    public static TheoryData<string, string> Cases => new()
    {
        // URIs: relative, another scheme, not a URI at all. The hosts are unreachable, so a request would fail differently.
        { "Connect-PolarTeamPro -ClientId my-client -ClientSecret " + Secret + " -RedirectUri nope -NoBrowser", "RedirectUri" },
        { "Connect-PolarTeamPro -ClientId my-client -ClientSecret " + Secret + " -AuthorizationCode abc -RedirectUri nope", "RedirectUri" },
        { PolarClient + " -ApiBaseUri nope", "ApiBaseUri" },
        { PolarClient + " -ApiBaseUri ftp://teampro.api.polar.com/", "ApiBaseUri" },
        { PolarClient + " -TokenUri /oauth/token", "TokenUri" },
        { "Connect-PolarTeamPro -ClientId my-client -ClientSecret " + Secret + " -AuthorizeUri 'auth.polar.com/oauth/authorize' -NoBrowser", "AuthorizeUri" },
        { ValorCredential + " -ApiBaseUri nope", "ApiBaseUri" },
        { ValorCredential + " -CognitoEndpoint cognito", "CognitoEndpoint" },
        { AikynetixKey + " -BaseUri nope", "BaseUri" },
        { AikynetixKey + " -BaseUri mailto:someone@example.com", "BaseUri" },
        // A path parameter that must stay on the API's host: a full URL would send the API key elsewhere.
        { AikynetixKey + " -FetchByIdsPath https://elsewhere.example.com/collect/", "FetchByIdsPath" },
        { AikynetixKey + " -FetchByIdsPath ../../admin/", "FetchByIdsPath" },
        // Ids.
        { "Connect-PolarTeamPro -Sandbox; Get-PolarTeamSession -TeamId ' '", "TeamId" },
        { "Connect-PolarTeamPro -Sandbox; Get-PolarSample -PlayerSessionId ''", "PlayerSessionId" },
        { "Connect-Aikynetix -Sandbox; Remove-ManagedSession -SessionId ' ' -Confirm:$false", "SessionId" },
        { "Connect-Aikynetix -Sandbox; Set-ManagedSession -SessionId ' ' -Title 'x'", "SessionId" },
        { "Connect-Aikynetix -Sandbox; Get-ManagedSessionVideo -SessionId ' '", "SessionId" },
        { "Connect-Valor -Sandbox; Get-ValorReport -S3Key ' '", "S3Key" },
        // Date ranges the wrong way round.
        { "Connect-PolarTeamPro -Sandbox; Get-PolarTeamSession -TeamId any -Since 2026-02-01 -Until 2026-01-01", "Until" },
        { "Connect-PolarTeamPro -Sandbox; Get-PolarPlayerSession -PlayerId any -Since 2026-02-01 -Until 2026-01-01", "Until" },
        { "Connect-Aikynetix -Sandbox; Get-ManagedSession -CreatedAfter 2026-02-01 -CreatedBefore 2026-01-01", "CreatedAfter" },
        // Files and folders.
        { "Connect-Aikynetix -Sandbox; Get-ManagedSession -First 1 | Get-ManagedSessionVideo -OutFile $missing", "OutFile" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_wrong_value_is_an_error_naming_the_parameter(string script, string parameter)
    {
        using var ps = new ModuleRunspace();
        var secret = new System.Security.SecureString();
        foreach (char c in "not-a-real-secret") secret.AppendChar(c);

        var result = ps.Run(script, new Dictionary<string, object?>
        {
            ["secret"] = secret,
            ["credential"] = new PSCredential("me@example.com", secret),
            ["missing"] = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"), "video.mp4"),
        });

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("InvalidParameter." + parameter, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("-" + parameter, error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real-secret", error.Exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_video_is_not_requested_when_the_OutFile_folder_is_missing()
    {
        var world = SportsData.Sandbox.SandboxWorld.Shared;
        var seed = world.Aikynetix.Data.Sessions.Last(s => !s.HasAnalyzedVideo);
        using var ps = new ModuleRunspace();

        var result = ps.Run($"Connect-Aikynetix -Sandbox; Get-ManagedSessionVideo -SessionId '{seed.Id}' -OutFile $missing", new Dictionary<string, object?> { ["missing"] = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"), "v.mp4") });

        Assert.Equal("InvalidParameter.OutFile", Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.False(seed.HasAnalyzedVideo); // the GET that would have generated the video was never sent
    }
}
