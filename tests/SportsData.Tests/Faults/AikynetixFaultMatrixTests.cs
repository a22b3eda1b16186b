using System.Security.Cryptography;
using SportsData.Aikynetix;
using SportsData.Connections;
using SportsData.Http;
using SportsData.Sandbox.Aikynetix;
using SportsData.Tests.Aikynetix;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Faults;

/// <summary>
/// Every fault kind × every AiKYNETIX endpoint family, over loopback. Reads give the exact result; writes are repeated
/// only when the server cannot have acted on them (429, 503, or an idempotent PUT), and otherwise report the documented
/// error, which the server state confirms.
/// </summary>
public class AikynetixFaultMatrixTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>
    /// API-key connections for every fault but the expired token: API keys do not expire. The expired token is a
    /// Firebase ID token, which this module cannot renew (documented: Aikynetix.TokenExpired, connect again).
    /// </summary>
    private static async Task<(SimulatorServer Server, AikynetixConnection Connection)> StartAsync(FaultKind kind)
    {
        var server = await SimulatorServer.StartAsync();
        AikynetixConnectOptions options = AikynetixTestConnection.Options(server, o => o.Retry = FaultMatrix.Retry(kind));
        AikynetixConnection connection = kind == FaultKind.ExpiredToken
            ? AikynetixConnector.ConnectWithIdToken(options, server.World.Aikynetix.IssueIdToken(server.World.Aikynetix.Data.Admin, TimeSpan.FromHours(1)))
            : AikynetixConnector.ConnectWithApiKey(options, AikynetixSimulator.DemoApiKey);
        return (server, connection);
    }

    private static async Task AssertRead(SimulatorServer server, FaultKind kind, string match, int nth, Func<Task<List<string>>> read)
    {
        if (kind != FaultKind.ExpiredToken)
        {
            await FaultMatrix.AssertReadSurvives(server, kind, match, nth, read, () => 0);
            return;
        }
        Assert.NotEmpty(await read());
        server.World.ClearRequestLog();
        FaultMatrix.Arm(server, kind, match, nth);
        var error = await Assert.ThrowsAnyAsync<SportsDataException>(read);
        Assert.Equal("Aikynetix.TokenExpired", error.ErrorId);
        Assert.Equal(FailureKind.Authentication, error.Kind);
        Assert.Equal(nth, FaultMatrix.Count(server, match)); // the 401 is not repeated: the token cannot be renewed
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Listing(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        await AssertRead(server, kind, "GET " + AikynetixSimulator.SessionsPath, 1,
            async () => (await connection.Client().GetSessionsAsync(null, None).ToListAsync()).Select(s => s.SessionId + "|" + s.Title).ToList());
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Filter_pages(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        await AssertRead(server, kind, AikynetixSimulator.FilterPath, 2,
            async () => (await connection.Client().FindSessionsAsync(new AikynetixSessionFilter(), new PagingOptions(40), None).ToListAsync()).Select(s => s.SessionId).ToList());
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Details_by_id(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        string[] ids = server.World.Aikynetix.Data.Sessions.Take(25).Select(s => s.Id).ToArray(); // three batches of at most 10
        await AssertRead(server, kind, "POST " + AikynetixSimulator.FetchPath, 2,
            async () => (await connection.Client().GetSessionsByIdAsync(ids, None).ToListAsync()).Select(s => s.SessionId + "|" + s.State).ToList());
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Video_download(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        var seed = server.World.Aikynetix.Data.Sessions.First(s => s.HasAnalyzedVideo);
        string url = (await connection.Client().GetAnalyzedVideoAsync(seed.Id, false, false, false, None)).Url
            ?? throw new InvalidOperationException("the sandbox gave no URL for a session with an analyzed video");
        string folder = Path.Combine(Path.GetTempPath(), "aik-matrix-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            int run = 0;
            async Task<List<string>> Download()
            {
                string path = Path.Combine(folder, "video" + run++ + ".mp4");
                long length = await connection.Client().DownloadAsync(seed.Id, url, path, false, None);
                byte[] bytes = await File.ReadAllBytesAsync(path);
                Assert.Equal(length, bytes.Length);
                Assert.Equal(Directory.GetFiles(folder).Length, run); // no temporary file is left behind
                return new List<string> { length.ToString(System.Globalization.CultureInfo.InvariantCulture), Convert.ToHexString(SHA256.HashData(bytes)) };
            }

            if (kind == FaultKind.ExpiredToken)
            {
                // The signed URL carries its own signature: an expired API token does not touch the download.
                List<string> before = await Download();
                FaultMatrix.Arm(server, kind, AikynetixSimulator.MediaPrefix);
                Assert.Equal(before, await Download());
                Assert.Equal(0, server.World.Faults.Pending);
                return;
            }
            Assert.Equal(Convert.ToHexString(SHA256.HashData(AikynetixSimulator.VideoBytes(seed))), (await Download())[1]);
            server.World.ClearRequestLog();
            await FaultMatrix.AssertReadSurvives(server, kind, AikynetixSimulator.MediaPrefix, 1, Download, () => 0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>What a write must come to under a fault: success or the error id, how many times it was sent, whether the server acted.</summary>
    private sealed record WriteOutcome(string? ErrorId, int Sent, bool Acted);

    private static string StatusId(FaultKind kind) => kind switch
    {
        FaultKind.Status500 => "AikynetixApi.InternalServerError",
        FaultKind.Status502 => "AikynetixApi.BadGateway",
        FaultKind.Status504 => "AikynetixApi.GatewayTimeout",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// The documented behaviour. 429 and 503 mean the server did not act, so every write is sent again. A PUT is
    /// idempotent and is sent again after any transient failure. A DELETE or POST is not sent again after a 500,
    /// 502, 504, a reset, a stall, or a cut answer: the server may have acted (and in the resets and the cut, it did).
    /// </summary>
    private static WriteOutcome Expected(FaultKind kind, bool idempotent, bool needsBody) => kind switch
    {
        FaultKind.TooManyRequests or FaultKind.TooManyRequestsWithRetryAfter or FaultKind.Status503 => new WriteOutcome(null, 2, true),
        FaultKind.ExpiredToken => new WriteOutcome("Aikynetix.TokenExpired", 1, false),
        _ when idempotent => kind == FaultKind.CutBody ? new WriteOutcome(null, 1, true) : new WriteOutcome(null, 2, true),
        FaultKind.Status500 or FaultKind.Status502 or FaultKind.Status504 => new WriteOutcome(StatusId(kind), 1, false),
        FaultKind.ResetBeforeResponse or FaultKind.ResetMidBody => new WriteOutcome("AikynetixApi.ConnectionFailed", 1, true),
        FaultKind.StallBeyondAttemptTimeout => new WriteOutcome("AikynetixApi.Timeout", 1, false),
        // The status said done; only the answer was cut. A DELETE's answer is a courtesy message, a video request's is the URL.
        FaultKind.CutBody => needsBody ? new WriteOutcome("AikynetixApi.InvalidResponse", 1, true) : new WriteOutcome(null, 1, true),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static async Task AssertWrite(SimulatorServer server, FaultKind kind, string match, Func<Task> write, Func<bool> acted, bool idempotent, bool needsBody)
    {
        WriteOutcome expected = Expected(kind, idempotent, needsBody);
        Assert.False(acted());
        server.World.ClearRequestLog();
        FaultMatrix.Arm(server, kind, match);
        CapturingLog.Install();

        Exception? error = await Record.ExceptionAsync(write);

        Assert.Equal(0, server.World.Faults.Pending);
        if (expected.ErrorId == null) Assert.Null(error);
        else
        {
            var failure = Assert.IsAssignableFrom<SportsDataException>(error);
            Assert.Equal(expected.ErrorId, failure.ErrorId);
            if (expected.ErrorId != "Aikynetix.TokenExpired") Assert.Contains("not repeated", failure.Message);
        }
        Assert.Equal(expected.Sent, FaultMatrix.Count(server, match));
        Assert.Equal(expected.Acted, acted());
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Update_PUT(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        var seed = server.World.Aikynetix.Data.Sessions[7];
        string title = "Renamed under " + kind;
        await AssertWrite(server, kind, "PUT " + AikynetixSimulator.SessionsPath + seed.Id,
            () => connection.Client().UpdateSessionAsync(seed.Id, title, null, None),
            () => server.World.Aikynetix.Data.Find(seed.Id)!.Title == title, idempotent: true, needsBody: false);
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Delete(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        string id = server.World.Aikynetix.Data.Sessions[11].Id;
        await AssertWrite(server, kind, "DELETE " + AikynetixSimulator.SessionsPath + id,
            () => connection.Client().DeleteSessionAsync(id, None),
            () => server.World.Aikynetix.Data.Find(id) == null, idempotent: false, needsBody: false);
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Analyzed_video_request_POST(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        var seed = server.World.Aikynetix.Data.Sessions.First(s => !s.HasAnalyzedVideo);
        await AssertWrite(server, kind, "POST " + AikynetixSimulator.SessionsPath + seed.Id + "/analyzed-video/",
            () => connection.Client().RequestAnalyzedVideoAsync(seed.Id, false, false, None),
            () => seed.HasAnalyzedVideo, idempotent: false, needsBody: true);
    }
}
