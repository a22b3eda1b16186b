using System.Management.Automation;
using SportsData.Aikynetix;
using SportsData.Sandbox;

namespace SportsData.PowerShell.Tests;

/// <summary>
/// The AiKYNETIX cmdlets as PowerShell binds them, against the in-process sandbox (SandboxWorld.Shared, so
/// every test works on its own sessions and checks the effect through the simulator).
/// </summary>
public class AikynetixCmdletTests : ModuleTestBase
{
    private static Sandbox.Aikynetix.AikynetixDemoData Data => SandboxWorld.Shared.Aikynetix.Data;

    [Fact]
    public void Lists_sessions_with_first_and_skip()
    {
        var result = Run("""
            Connect-Aikynetix -Sandbox
            Get-ManagedSession -First 4
            '---'
            Get-ManagedSession -Skip 2 -First 2
            """);
        Assert.Empty(result.Errors);
        var all = result.Output.Select(o => o.BaseObject).ToList();
        int split = all.FindIndex(o => Equals(o, "---"));
        var first = all.Take(split).Cast<ManagedSession>().ToList();
        var skipped = all.Skip(split + 1).Cast<ManagedSession>().ToList();
        Assert.Equal(4, first.Count);
        Assert.Equal(first.Skip(2).Select(s => s.SessionId), skipped.Select(s => s.SessionId));
        Assert.All(first, s => Assert.NotNull(s.CreatedAt));
    }

    [Fact]
    public void Filters_bind_and_reach_the_filter_endpoint()
    {
        var result = Run("""
            Connect-Aikynetix -Sandbox
            Get-ManagedSession -Activity 'Vertical Jump' -Since ([datetime]::Now.AddDays(-400)) -Until ([datetime]::Now.AddDays(1)) -PageSize 5 -First 12
            """);
        Assert.Empty(result.Errors);
        var sessions = Objects<ManagedSession>(result);
        Assert.Equal(12, sessions.Count);
        Assert.All(sessions, s => Assert.Equal("Vertical Jump", s.Activity));
        Assert.Equal(12, sessions.Select(s => s.SessionId).Distinct().Count());
    }

    [Fact]
    public void Running_sessions_piped_to_Set_ManagedSession_are_renamed_and_PassThru_reads_them_back()
    {
        string title = "renamed-" + Guid.NewGuid().ToString("N");
        var result = Run($"""
            Connect-Aikynetix -Sandbox
            Get-ManagedSession -Activity Running -First 3 | Set-ManagedSession -Title '{title}' -PassThru
            """);
        Assert.Empty(result.Errors);
        var updated = Objects<ManagedSession>(result);
        Assert.Equal(3, updated.Count);
        Assert.All(updated, s => Assert.Equal(title, s.Title));
        Assert.All(updated, s => Assert.Equal(title, Data.Find(s.SessionId)!.Title));
        Assert.All(updated, s => Assert.Equal("Running", s.Activity));
    }

    [Fact]
    public void Set_ManagedSession_sends_the_timestamp_and_WhatIf_changes_nothing()
    {
        var seed = Data.Sessions.First(s => s.Activity == "Mobility Assessment");
        string before = seed.Title;
        var whatIf = Run("Connect-Aikynetix -Sandbox; Set-ManagedSession -SessionId $id -Title 'never' -WhatIf", new Dictionary<string, object?> { ["id"] = seed.Id });
        Assert.Empty(whatIf.Errors);
        Assert.Equal(before, Data.Find(seed.Id)!.Title);

        var stamped = Run("Set-ManagedSession $id -Timestamp ([datetime]'2025-03-04 05:06:07') -Confirm:$false", new Dictionary<string, object?> { ["id"] = seed.Id });
        Assert.Empty(stamped.Errors);
        Assert.Equal(new DateTime(2025, 3, 4, 5, 6, 7), Data.Find(seed.Id)!.CreatedAt);
    }

    [Fact]
    public void Set_ManagedSession_without_a_change_is_a_terminating_error_naming_the_parameter()
    {
        var result = Run("Connect-Aikynetix -Sandbox; Set-ManagedSession -SessionId abc; 'after'");
        var error = Assert.Single(result.Errors);
        Assert.Contains("-Title", error.Exception.Message);
        Assert.Equal("InvalidParameter.Title", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
    }

    [Fact]
    public void Remove_ManagedSession_WhatIf_keeps_and_Confirm_false_or_Force_deletes()
    {
        var victims = Data.Sessions.Where(s => s.Activity == "Weightlifting").Reverse().Take(3).Select(s => s.Id).ToArray();
        var vars = new Dictionary<string, object?> { ["ids"] = victims };
        var whatIf = Run("Connect-Aikynetix -Sandbox; $ids | ForEach-Object { [pscustomobject]@{ SessionId = $_ } } | Remove-ManagedSession -WhatIf", vars);
        Assert.Empty(whatIf.Errors);
        Assert.All(victims, id => Assert.NotNull(Data.Find(id)));

        var forceWhatIf = Run("Remove-ManagedSession -SessionId $ids[0] -Force -WhatIf", vars);
        Assert.Empty(forceWhatIf.Errors);
        Assert.NotNull(Data.Find(victims[0]));

        var confirmFalse = Run("Remove-ManagedSession -SessionId $ids[0] -Confirm:$false", vars);
        Assert.Empty(confirmFalse.Errors);
        Assert.Null(Data.Find(victims[0]));

        var force = Run("Remove-ManagedSession $ids[1] -Force", vars);
        Assert.Empty(force.Errors);
        Assert.Null(Data.Find(victims[1]));
        Assert.NotNull(Data.Find(victims[2]));
    }

    [Fact]
    public void A_missing_session_is_a_non_terminating_ObjectNotFound_and_the_pipeline_continues()
    {
        var victim = Data.Sessions.Where(s => s.Activity == "Running").Reverse().Skip(5).First().Id;
        var result = Run("Connect-Aikynetix -Sandbox; 'no-such-session', $id | ForEach-Object { [pscustomobject]@{ SessionId = $_ } } | Remove-ManagedSession -Force",
            new Dictionary<string, object?> { ["id"] = victim });
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.StartsWith("Aikynetix.SessionNotFound", error.FullyQualifiedErrorId);
        Assert.Equal("no-such-session", error.TargetObject);
        Assert.Null(Data.Find(victim));
    }

    [Fact]
    public void Sessions_by_id_bind_from_the_pipeline()
    {
        var ids = Data.Sessions.Skip(60).Take(3).Select(s => s.Id).ToArray();
        var result = Run("Connect-Aikynetix -Sandbox; $ids | Get-ManagedSession; Get-ManagedSession -SessionId 'nope'", new Dictionary<string, object?> { ["ids"] = ids });
        Assert.Equal(ids, Objects<ManagedSession>(result).Select(s => s.SessionId));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Aikynetix.SessionNotFound", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void The_analyzed_video_is_downloaded_from_piped_sessions_into_a_folder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "aik-ps-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var seed = Data.Sessions.Where(s => s.HasAnalyzedVideo).Skip(3).First();
            var result = Run("Connect-Aikynetix -Sandbox; Get-ManagedSession -SessionId $id | Get-ManagedSessionVideo -OutFile $folder; Get-ManagedSession -SessionId $id | Get-ManagedSessionVideo -Path $folder",
                new Dictionary<string, object?> { ["id"] = seed.Id, ["folder"] = folder });
            var video = Assert.Single(Objects<ManagedSessionVideo>(result));
            Assert.Equal(Path.Combine(folder, seed.Id + ".mp4"), video.Path);
            Assert.Equal(Sandbox.Aikynetix.AikynetixSimulator.VideoBytes(seed), File.ReadAllBytes(video.Path!));
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("Aikynetix.FileExists", error.FullyQualifiedErrorId);
            Assert.Single(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void The_video_url_uses_the_activity_of_the_piped_session_and_Request_WhatIf_does_nothing()
    {
        var jump = Data.Sessions.First(s => s.HasAnalyzedVideo && s.Activity == "Vertical Jump");
        var pending = Data.Sessions.Last(s => !s.HasAnalyzedVideo && s.Activity == "Running");
        var result = Run("""
            Connect-Aikynetix -Sandbox
            Get-ManagedSession -SessionId $jump | Get-ManagedSessionVideo -DownloadUrl
            Get-ManagedSession -SessionId $pending | Request-ManagedSessionVideo -WhatIf
            """, new Dictionary<string, object?> { ["jump"] = jump.Id, ["pending"] = pending.Id });
        Assert.Empty(result.Errors);
        var video = Assert.Single(Objects<ManagedSessionVideo>(result));
        Assert.True(video.IsJump);
        Assert.True(video.IsDownloadUrl);
        Assert.False(Data.Find(pending.Id)!.HasAnalyzedVideo);
    }

    [Fact]
    public void Without_a_connection_the_error_says_to_connect()
    {
        var result = Run("Get-ManagedSession");
        var error = Assert.Single(result.Errors);
        Assert.Contains("Connect-Aikynetix", error.Exception.Message);
        Assert.StartsWith("Aikynetix.NotConnected", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void A_reversed_date_range_is_an_invalid_argument_naming_the_parameter()
    {
        var result = Run("Connect-Aikynetix -Sandbox; Get-ManagedSession -CreatedAfter 2026-05-02 -CreatedBefore 2026-05-01");
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith("InvalidParameter.CreatedAfter", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void Connect_PassThru_returns_a_connection_without_secrets_and_Disconnect_closes_it()
    {
        var result = Run("""
            $c = Connect-Aikynetix -Sandbox -ApiKeyHeaderStyle AuthorizationHeader -StateParameterName processing_state -PassThru
            $c
            Disconnect-Aikynetix
            $c.IsDisconnected
            """);
        Assert.Empty(result.Errors);
        var connection = Assert.Single(Objects<SportsData.Connections.AikynetixConnection>(result));
        Assert.Equal("processing_state", connection.StateParameterName);
        Assert.True(connection.IsSandbox);
        Assert.True((bool)result.Output.Last().BaseObject);
        string shown = string.Join(" ", connection.GetType().GetProperties().Select(p => p.GetValue(connection)?.ToString()));
        Assert.DoesNotContain(Sandbox.Aikynetix.AikynetixSimulator.DemoApiKey, shown);
    }

    [Fact]
    public void A_rejected_key_fails_at_connect_and_leaves_no_default()
    {
        var key = new System.Security.SecureString();
        foreach (char c in "not-a-key-123456") key.AppendChar(c);
        var result = Run("""
            Connect-Aikynetix -Sandbox -ApiKey $key
            Get-ManagedSession -First 1
            """, new Dictionary<string, object?> { ["key"] = key });
        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("Aikynetix.InvalidApiKey", result.Errors[0].FullyQualifiedErrorId);
        Assert.DoesNotContain("not-a-key-123456", result.Errors[0].ToString());
        Assert.StartsWith("Aikynetix.NotConnected", result.Errors[1].FullyQualifiedErrorId);
    }

    [Fact]
    public void Ids_piped_one_by_one_are_fetched_in_batches()
    {
        var ids = Data.Sessions.Skip(70).Take(12).Select(s => s.Id).ToArray();
        int before = SandboxWorld.Shared.RequestLog.Count(l => l == "POST /session-management/sessions/fetch/");
        var result = Run("Connect-Aikynetix -Sandbox -NoCredentialCheck; $ids | Get-ManagedSession", new Dictionary<string, object?> { ["ids"] = ids });
        Assert.Empty(result.Errors);
        Assert.Equal(ids, Objects<ManagedSession>(result).Select(s => s.SessionId));
        Assert.Equal(2, SandboxWorld.Shared.RequestLog.Count(l => l == "POST /session-management/sessions/fetch/") - before);
    }

    [Fact]
    public void A_short_lived_id_token_connects_with_a_warning_and_shows_its_expiry()
    {
        static string B64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var expires = DateTimeOffset.UtcNow.AddMinutes(5);
        var token = new System.Security.SecureString();
        foreach (char c in B64("{\"alg\":\"RS256\"}") + "." + B64("{\"exp\":" + expires.ToUnixTimeSeconds() + "}") + ".c2ln") token.AppendChar(c);
        var result = Run("Connect-Aikynetix -IdToken $token -NoCredentialCheck -PassThru", new Dictionary<string, object?> { ["token"] = token });
        Assert.Empty(result.Errors);
        var connection = Assert.Single(Objects<SportsData.Connections.AikynetixConnection>(result));
        Assert.Equal("IdToken", connection.AuthenticationMethod);
        Assert.Equal(expires.ToUnixTimeSeconds(), connection.TokenExpiresAt!.Value.ToUnixTimeSeconds());
        Assert.Contains(result.Warnings, w => w.Contains("less than 10 minutes"));
    }

    [Fact]
    public void IncludeTotalCount_writes_the_total_before_the_sessions()
    {
        var result = Run("Connect-Aikynetix -Sandbox; Get-ManagedSession -Activity Running -IncludeTotalCount -First 2");
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Output.Count);
        int running = Data.Sessions.Count(s => s.Activity == "Running");
        Assert.Equal((ulong)running, Convert.ToUInt64(result.Output[0].BaseObject, System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(result.Output.Skip(1), o => Assert.IsType<ManagedSession>(o.BaseObject));
    }
}
