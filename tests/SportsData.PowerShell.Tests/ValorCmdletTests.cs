using System.Security;
using SportsData.Connections;
using SportsData.Sandbox.Valor;
using SportsData.Valor;

namespace SportsData.PowerShell.Tests;

public class ValorCmdletTests : ModuleTestBase
{
    [Fact]
    public void Module_exports_the_Valor_cmdlets()
    {
        var names = Run("Get-Command -Module SportsData -Noun Valor* | ForEach-Object Name").Output.Select(o => o.ToString()).ToList();
        Assert.Equal(new[] { "Connect-Valor", "Disconnect-Valor", "Get-ValorAthlete", "Get-ValorIKData", "Get-ValorReport", "Get-ValorSession", "Get-ValorSessionListing", "Sync-Valor" }, names.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Athletes_pipe_into_sessions_into_reports()
    {
        var result = Run("""
            Connect-Valor -Sandbox
            Get-ValorAthlete -First 2 | Get-ValorSession -First 2 | Get-ValorReport
            """);
        Assert.Empty(result.Errors);
        var rows = Objects<ValorReportMetric>(result);
        Assert.Equal(result.Output.Count, rows.Count);
        Assert.NotEmpty(rows);
        Assert.Equal(4, rows.Select(r => r.SessionId).Distinct().Count());
        Assert.Equal(2, rows.Select(r => r.AthleteId).Distinct().Count());
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.S3Key)));
    }

    [Fact]
    public void A_listing_capped_by_First_resumes_where_it_stopped()
    {
        // Select-Object lives in Microsoft.PowerShell.Utility, which this SMA-hosted runspace lacks; the Pester
        // tests cover Select-Object -First. Here the cap is the cmdlet's own -First.
        var result = Run("""
            $c = Connect-Valor -Sandbox -PassThru
            $all = Get-ValorSession -PageSize 10 -First 40 -Connection $c | ForEach-Object SessionId
            $first = Get-ValorSession -PageSize 10 -First 15 -Connection $c | ForEach-Object SessionId
            $listing = Get-ValorSessionListing -Connection $c -Incomplete
            $state = @{ Returned = $listing.SessionsReturned; Skip = $listing.SkipInPage; PageSize = $listing.PageSize; Status = $listing.Status }
            $rest = Get-ValorSession -Resume -First 25 -Connection $c -Verbose 4>&1
            [pscustomobject]@{ All = $all; First = $first; State = $state; Rest = @($rest | Where-Object { $_ -is [SportsData.Valor.ValorSession] } | ForEach-Object SessionId); Verbose = @($rest | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) }
            """);
        Assert.Empty(result.Errors);
        dynamic output = result.Output.Single();
        var all = ((object[])output.All).Select(o => o.ToString()!).ToList();
        var first = ((object[])output.First).Select(o => o.ToString()!).ToList();
        var rest = ((object[])output.Rest).Select(o => o.ToString()!).ToList();
        var verbose = ((object[])output.Verbose).Select(o => o.ToString()!).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(all.Take(15), first);
        var state = (System.Collections.Hashtable)((System.Management.Automation.PSObject)output.State).BaseObject;
        Assert.Equal(15L, Convert.ToInt64(state["Returned"]));
        Assert.Equal(5, state["Skip"]);
        Assert.Equal(10, state["PageSize"]);
        Assert.Equal("Stopped", state["Status"]);
        Assert.Equal(all.Skip(15), rest);
        Assert.Contains(verbose, v => v.Contains("resuming", StringComparison.Ordinal));
        Assert.Contains(verbose, v => v.Contains("GET https://valor.sandbox.sportsdata.invalid/production/sessions?limit=10", StringComparison.Ordinal));
        Assert.DoesNotContain(verbose, v => v.Contains("eyJ", StringComparison.Ordinal) || v.Contains(CognitoSimulator.DemoPassword, StringComparison.Ordinal));
    }

    [Fact]
    public void A_listing_read_to_the_end_through_the_pipeline_is_complete()
    {
        var result = Run("""
            $c = Connect-Valor -Sandbox -PassThru
            $athlete = Get-ValorAthlete -First 1 -Connection $c
            $sessions = $athlete | Get-ValorSession -PageSize 4 -Connection $c
            $listing = $athlete | Get-ValorSessionListing -Connection $c
            @{ Count = $sessions.Count; Returned = $listing.SessionsReturned; Complete = $listing.IsComplete; Token = $listing.ContinuationToken }
            """);
        Assert.Empty(result.Errors);
        var state = (System.Collections.Hashtable)result.Output.Single().BaseObject;
        Assert.True((int)state["Count"]! > 4);
        Assert.Equal(Convert.ToInt64(state["Count"]), Convert.ToInt64(state["Returned"]));
        Assert.True((bool)state["Complete"]!);
        Assert.Null(state["Token"]);
    }

    [Fact]
    public void A_listing_stopped_with_Ctrl_C_resumes_after_the_last_session_the_pipeline_took()
    {
        var state = System.Management.Automation.Runspaces.InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { ModuleRunspace.ManifestPath });
        using var runspace = System.Management.Automation.Runspaces.RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        using (var setup = System.Management.Automation.PowerShell.Create())
        {
            setup.Runspace = runspace;
            setup.AddScript("$global:c = Connect-Valor -Sandbox -PassThru; $global:all = (Get-ValorSession -PageSize 10 -First 200 -Connection $global:c).SessionId; $global:taken = [System.Collections.Generic.List[string]]::new()").Invoke();
        }
        var takenSoFar = (List<string>)runspace.SessionStateProxy.GetVariable("taken");
        using (var slow = System.Management.Automation.PowerShell.Create())
        {
            slow.Runspace = runspace;
            slow.AddScript("Get-ValorSession -PageSize 10 -Connection $global:c | ForEach-Object { $global:taken.Add($_.SessionId); [System.Threading.Thread]::Sleep(15) }");
            var running = slow.BeginInvoke();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (takenSoFar.Count < 5 && waited.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(10);
            slow.Stop(); // what Ctrl+C does
            Assert.True(running.IsCompleted);
        }
        using var check = System.Management.Automation.PowerShell.Create();
        check.Runspace = runspace;
        check.AddScript("""
            $listing = Get-ValorSessionListing -Connection $global:c
            $returned = $listing.SessionsReturned
            $rest = (Get-ValorSession -Resume -First 20 -Connection $global:c).SessionId
            @{ Taken = $global:taken.ToArray(); Returned = $returned; All = $global:all; Rest = $rest }
            """);
        var result = (System.Collections.Hashtable)check.Invoke().Single().BaseObject;
        var taken = (string[])result["Taken"]!;
        var all = ((object[])result["All"]!).Select(o => o.ToString()!).ToList();
        var rest = ((object[])result["Rest"]!).Select(o => o.ToString()!).ToList();
        Assert.InRange(taken.Length, 2, 150);
        Assert.Equal(all.Take(taken.Length), taken);
        // Ctrl+C can land while a session is being handed over: that one counts as not delivered, so a resume
        // may repeat it but never skips anything.
        long returned = Convert.ToInt64(result["Returned"]);
        Assert.InRange(returned, taken.Length - 1, taken.Length);
        Assert.Equal(all.Skip((int)returned).Take(20), rest);
    }

    [Fact]
    public void IK_rows_can_be_filtered_by_joint_and_sessions_bind_by_property_name()
    {
        var result = Run("""
            Connect-Valor -Sandbox
            Get-ValorSession -First 1 | Get-ValorIKData -Joint '*_l'
            """);
        Assert.Empty(result.Errors);
        var rows = Objects<ValorIKFrame>(result);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.EndsWith("_l", r.Joint));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.SessionId)));
    }

    [Fact]
    public void Cmdlets_without_a_connection_and_an_expired_token_fail_with_specific_errors()
    {
        var notConnected = Run("Get-ValorSession -First 1");
        Assert.Equal("Valor.NotConnected,SportsData.PowerShell.Valor.GetValorSession", Assert.Single(notConnected.Errors).FullyQualifiedErrorId);

        string expired = new CognitoSimulator().IssueToken("someone@example.org", "id", TimeSpan.FromMinutes(-5));
        var secure = new SecureString();
        foreach (char c in expired) secure.AppendChar(c);
        var result = Run("Connect-Valor -Token $token", new Dictionary<string, object?> { ["token"] = secure });
        var error = Assert.Single(result.Errors);
        Assert.Equal("Valor.TokenExpired,SportsData.PowerShell.Valor.ConnectValor", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.DoesNotContain(expired, error.ToString());
    }
}
