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
public class AikynetixFaultMatrixTests : SimulatorTestBase
{
    /// <summary>
    /// API-key connections for every fault but the expired token: API keys do not expire. The expired token is a
    /// Firebase ID token, which this module cannot renew (documented: Aikynetix.TokenExpired, connect again).
    /// </summary>
    private async Task<(SimulatorServer Server, AikynetixConnection Connection)> StartAsync(FaultKind kind)
    {
        var server = await StartServerAsync();
        AikynetixConnectOptions options = AikynetixTestConnection.Options(server, o => o.Retry = FaultMatrix.Retry(kind));
        AikynetixConnection connection = kind == FaultKind.ExpiredToken
            ? AikynetixConnector.ConnectWithIdToken(options, server.World.Aikynetix.IssueIdToken(server.World.Aikynetix.Data.Admin, TimeSpan.FromHours(1)))
            : AikynetixConnector.ConnectWithApiKey(options, AikynetixSimulator.DemoApiKey);
        return (server, Own(connection));
    }

    /// <summary>The read endpoint families, by name: the read each repeats under a fault and the request the fault hits.</summary>
    private static readonly Dictionary<string, Func<AikynetixClient, AikynetixDemoData, FaultRead>> Reads = new()
    {
        ["Listing"] = (client, _) => new FaultRead("GET " + AikynetixSimulator.SessionsPath, 1,
            async () => (await client.GetSessionsAsync(null, None).ToListAsync()).Select(s => s.SessionId + "|" + s.Title).ToList()),
        ["Filter_pages"] = (client, _) => new FaultRead(AikynetixSimulator.FilterPath, 2,
            async () => (await client.FindSessionsAsync(new AikynetixSessionFilter(), new PagingOptions(40), None).ToListAsync()).Select(s => s.SessionId).ToList()),
        ["Details_by_id"] = (client, data) =>
        {
            string[] ids = data.Sessions.Take(25).Select(s => s.Id).ToArray(); // three batches of at most 10
            return new FaultRead("POST " + AikynetixSimulator.FetchPath, 2,
                async () => (await client.GetSessionsByIdAsync(ids, None).ToListAsync()).Select(s => s.SessionId + "|" + s.State).ToList());
        },
    };

    public static TheoryData<string, FaultKind> ReadCases => FaultMatrix.Cross(Reads.Keys);

    [Theory]
    [MemberData(nameof(ReadCases))]
    public async Task Every_read_survives_every_fault(string family, FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        FaultRead read = Reads[family](connection.Client(), server.World.Aikynetix.Data);
        if (kind != FaultKind.ExpiredToken)
        {
            await FaultMatrix.AssertReadSurvives(server, kind, read, () => 0);
            return;
        }
        Assert.NotEmpty(await read.Read());
        server.World.ClearRequestLog();
        FaultMatrix.Arm(server, kind, read.Match, read.Nth);
        var error = await Assert.ThrowsAnyAsync<SportsDataException>(read.Read);
        Assert.Equal("Aikynetix.TokenExpired", error.ErrorId);
        Assert.Equal(FailureKind.Authentication, error.Kind);
        Assert.Equal(read.Nth, FaultMatrix.Count(server, read.Match)); // the 401 is not repeated: the token cannot be renewed
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Video_download(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
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

    /// <summary>
    /// A write endpoint family: the request the fault hits, the write, whether the server acted on it, and whether it is
    /// idempotent (a PUT) and needs the answer's body (a video request's URL).
    /// </summary>
    private sealed record FaultWrite(string Match, Func<Task> Write, Func<bool> Acted, bool Idempotent, bool NeedsBody);

    /// <summary>The write endpoint families, by name.</summary>
    private static readonly Dictionary<string, Func<AikynetixClient, AikynetixDemoData, FaultKind, FaultWrite>> Writes = new()
    {
        ["Update_PUT"] = (client, data, kind) =>
        {
            var seed = data.Sessions[7];
            string title = "Renamed under " + kind;
            return new FaultWrite("PUT " + AikynetixSimulator.SessionsPath + seed.Id, () => client.UpdateSessionAsync(seed.Id, title, null, None),
                () => data.Find(seed.Id)!.Title == title, Idempotent: true, NeedsBody: false);
        },
        ["Delete"] = (client, data, _) =>
        {
            string id = data.Sessions[11].Id;
            return new FaultWrite("DELETE " + AikynetixSimulator.SessionsPath + id, () => client.DeleteSessionAsync(id, None),
                () => data.Find(id) == null, Idempotent: false, NeedsBody: false);
        },
        ["Analyzed_video_request_POST"] = (client, data, _) =>
        {
            var seed = data.Sessions.First(s => !s.HasAnalyzedVideo);
            return new FaultWrite("POST " + AikynetixSimulator.SessionsPath + seed.Id + "/analyzed-video/", () => client.RequestAnalyzedVideoAsync(seed.Id, false, false, None),
                () => seed.HasAnalyzedVideo, Idempotent: false, NeedsBody: true);
        },
    };

    public static TheoryData<string, FaultKind> WriteCases => FaultMatrix.Cross(Writes.Keys);

    [Theory]
    [MemberData(nameof(WriteCases))]
    public async Task Every_write_comes_to_its_documented_outcome_under_every_fault(string family, FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        FaultWrite write = Writes[family](connection.Client(), server.World.Aikynetix.Data, kind);
        WriteOutcome expected = Expected(kind, write.Idempotent, write.NeedsBody);
        Assert.False(write.Acted());
        server.World.ClearRequestLog();
        FaultMatrix.Arm(server, kind, write.Match);
        CapturingLog.Install();

        Exception? error = await Record.ExceptionAsync(write.Write);

        Assert.Equal(0, server.World.Faults.Pending);
        if (expected.ErrorId == null) Assert.Null(error);
        else
        {
            var failure = Assert.IsAssignableFrom<SportsDataException>(error);
            Assert.Equal(expected.ErrorId, failure.ErrorId);
            if (expected.ErrorId != "Aikynetix.TokenExpired") Assert.Contains("not repeated", failure.Message);
        }
        Assert.Equal(expected.Sent, FaultMatrix.Count(server, write.Match));
        Assert.Equal(expected.Acted, write.Acted());
    }
}
