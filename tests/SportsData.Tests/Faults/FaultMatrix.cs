using SportsData.Http;
using SportsData.Sandbox;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Faults;

/// <summary>The fault kinds of the matrix: what a vendor, a proxy or the network does to one request.</summary>
public enum FaultKind
{
    Status500,
    Status502,
    Status503,
    Status504,
    ResetBeforeResponse,
    ResetMidBody,
    CutBody,
    StallBeyondAttemptTimeout,
    TooManyRequests,
    TooManyRequestsWithRetryAfter,
    ExpiredToken,
}

/// <summary>
/// One endpoint family of a read matrix: the read to repeat under a fault, and the request the fault hits (the
/// <paramref name="Nth"/> whose "METHOD /path" contains <paramref name="Match"/>).
/// </summary>
public sealed record FaultRead(string Match, int Nth, Func<Task<List<string>>> Read);

/// <summary>Shared parts of the fault matrix: small retry settings, arming one fault on the n-th matching request, the checks.</summary>
public static class FaultMatrix
{
    /// <summary>The attempt time-out of the stall cases: short, so a stall costs little.</summary>
    public static readonly TimeSpan StallAttemptTimeout = TimeSpan.FromMilliseconds(1500);

    /// <summary>
    /// Short back-off, so every case is quick. Only the stall cases get a short attempt time-out; the others a
    /// generous one, so a busy machine does not turn a slow answer into an extra attempt.
    /// </summary>
    public static RetrySettings Retry(FaultKind kind) => new()
    {
        MaxRetryAttempts = 3,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(300),
        AttemptTimeout = kind == FaultKind.StallBeyondAttemptTimeout ? StallAttemptTimeout : TimeSpan.FromSeconds(20),
        TotalTimeout = TimeSpan.FromSeconds(60),
    };

    public static TheoryData<FaultKind> Kinds
    {
        get
        {
            var data = new TheoryData<FaultKind>();
            foreach (FaultKind kind in Enum.GetValues<FaultKind>()) data.Add(kind);
            return data;
        }
    }

    /// <summary>Every endpoint family × every fault kind: the rows of a vendor's matrix.</summary>
    public static TheoryData<string, FaultKind> Cross(IEnumerable<string> families)
    {
        var data = new TheoryData<string, FaultKind>();
        foreach (string family in families)
        {
            foreach (FaultKind kind in Enum.GetValues<FaultKind>()) data.Add(family, kind);
        }
        return data;
    }

    /// <summary>
    /// Injects <paramref name="kind"/> into the <paramref name="nth"/> request whose "METHOD /path" contains
    /// <paramref name="match"/> (1 = the first), so a fault can hit the middle of a listing or an export.
    /// </summary>
    public static void Arm(SimulatorServer server, FaultKind kind, string match, int nth = 1)
    {
        int seen = 0;
        void OnRequest(SimRequest request)
        {
            if ((request.Method + " " + request.Path).IndexOf(match, StringComparison.OrdinalIgnoreCase) < 0) return;
            if (Interlocked.Increment(ref seen) != nth) return;
            server.World.RequestReceived -= OnRequest;
            Add(server.World.Faults, kind, match);
        }
        server.World.RequestReceived += OnRequest;
    }

    private static void Add(FaultPlan plan, FaultKind kind, string match)
    {
        const string tooMany = "{\"error\":{\"status\":429,\"message\":\"Too Many Requests\"}}";
        switch (kind)
        {
            case FaultKind.Status500: plan.AddStatus(match, 500); break;
            case FaultKind.Status502: plan.AddStatus(match, 502); break;
            case FaultKind.Status503: plan.AddStatus(match, 503); break;
            case FaultKind.Status504: plan.AddStatus(match, 504); break;
            case FaultKind.ResetBeforeResponse: plan.AddResetBeforeResponse(match); break;
            case FaultKind.ResetMidBody: plan.AddResetMidBody(match); break;
            case FaultKind.CutBody: plan.AddCutBody(match); break;
            case FaultKind.StallBeyondAttemptTimeout: plan.AddDelay(match, StallAttemptTimeout * 4); break;
            case FaultKind.TooManyRequests: plan.AddStatus(match, 429, body: tooMany); break;
            case FaultKind.TooManyRequestsWithRetryAfter: plan.AddStatus(match, 429, retryAfter: "1", body: tooMany); break;
            case FaultKind.ExpiredToken: plan.AddTokenExpiry(match); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    public static int Count(SimulatorServer server, string match) =>
        server.World.RequestLog.Count(l => l.IndexOf(match, StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>
    /// Runs a read once without faults (the expected result and request count), then again with one fault on the
    /// <paramref name="nth"/> matching request, and checks: the same result (every item once), the fault fired, exactly one
    /// extra request for it, and the retry (or the token renewal) shows in the log.
    /// </summary>
    public static Task AssertReadSurvives(SimulatorServer server, FaultKind kind, FaultRead read, Func<int> tokenRequests) =>
        AssertReadSurvives(server, kind, read.Match, read.Nth, read.Read, tokenRequests);

    public static async Task AssertReadSurvives(SimulatorServer server, FaultKind kind, string match, int nth, Func<Task<List<string>>> read,
        Func<int> tokenRequests)
    {
        List<string> expected = await read();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, expected.Distinct().Count());
        int requests = Count(server, match);
        Assert.True(requests >= nth, $"the read makes {requests} matching request(s); the fault is meant for request {nth}");
        server.World.ClearRequestLog();
        int tokensBefore = tokenRequests();
        Arm(server, kind, match, nth);
        CapturingLog log = CapturingLog.Install();

        List<string> actual = await read();

        Assert.Equal(expected, actual);
        Assert.Equal(0, server.World.Faults.Pending);
        int withFault = Count(server, match);
        switch (kind)
        {
            case FaultKind.StallBeyondAttemptTimeout:
                // With a short attempt time-out a busy machine may need another attempt anywhere; the stalled one is always repeated.
                Assert.True(withFault >= requests + 1, $"{withFault} request(s) with a stall, {requests} without");
                Assert.Contains(log.Lines, l => (l.Contains("TimeoutRejectedException") || l.Contains("TaskCanceledException")) && l.Contains("retrying"));
                break;
            default:
                Assert.Equal(requests + 1, withFault);
                break;
        }
        switch (kind)
        {
            case FaultKind.ExpiredToken:
                Assert.Equal(tokensBefore + 1, tokenRequests());
                Assert.Contains(log.Lines, l => l.Contains("401") && l.Contains("renewing"));
                break;
            case FaultKind.TooManyRequestsWithRetryAfter:
                // Retry-After: 1 capped at MaxDelay (0.3 s); the exponential back-off alone would be ~0.01 s.
                Assert.Contains(log.Lines, l => l.Contains("429") && l.Contains("retrying in 0.3 s"));
                break;
            default:
                Assert.Contains(log.Lines, l => l.Contains("retrying", StringComparison.Ordinal));
                break;
        }
    }
}
