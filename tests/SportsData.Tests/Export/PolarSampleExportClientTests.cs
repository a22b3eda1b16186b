using SportsData.Export;
using SportsData.Polar;
using SportsData.Sandbox.Polar;
using SportsData.Tests.Infrastructure;
using SportsData.Tests.Sync;

namespace SportsData.Tests.Export;

/// <summary>Bodies fetched over loopback from the simulator, written to real files, read back and compared with Get-PolarSample's rows.</summary>
public class PolarSampleExportClientTests : PolarClientTestBase
{
    private readonly string _folder;

    public PolarSampleExportClientTests() => _folder = Own(new TempFolder()).Path;

    public static readonly TheoryData<DataFormat, PolarSampleType> Cases = new()
    {
        { DataFormat.Csv, PolarSampleType.All },
        { DataFormat.CsvGzip, PolarSampleType.All },
        { DataFormat.Parquet, PolarSampleType.All },
        { DataFormat.Parquet, PolarSampleType.Speed | PolarSampleType.Power },
        { DataFormat.Csv, PolarSampleType.HR | PolarSampleType.Location },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Simulator_sessions_in_a_file_hold_exactly_the_rows_Get_PolarSample_returns(DataFormat format, PolarSampleType types)
    {
        TeamSessionSeed team = Data.Teams[0].Sessions[1];
        PlayerSessionSeed[] sessions = team.Participants.Take(3).ToArray();
        string path = Path.Combine(_folder, "samples" + PolarSampleFileWriter.FileExtension(format));
        var expected = new List<PolarSample>();
        using (var file = File.Create(path))
        using (var writer = new PolarSampleFileWriter(file, format, types))
        {
            foreach (PlayerSessionSeed seed in sessions)
            {
                byte[] body = await Client.GetPlayerSessionBodyAsync(seed.Id, types, None);
                Assert.Equal(seed.SampleCount, writer.WriteSession(body, body.Length, seed.Id, seed.Player.Id, team.Id));
                await foreach (var batch in Client.GetSamplesAsync(seed.Id, types, seed.Player.Id, team.Id, None))
                {
                    expected.AddRange(batch.Select(s => SampleFiles.Project(s, types)));
                }
            }
            writer.Complete();
        }
        var (_, actual) = SampleFiles.ReadBack(File.ReadAllBytes(path), format);
        Assert.Equal(sessions.Sum(s => s.SampleCount), actual.Count);
        Assert.Contains(expected, s => s.HeartRate == null); // the simulator's drop-outs are in the comparison
        SampleFiles.AssertSameRows(expected, actual);
    }

    [Fact]
    public async Task The_body_comes_from_one_request_with_the_requested_samples()
    {
        PlayerSessionSeed seed = Data.Teams[0].Sessions[0].Participants[0];
        var paths = new List<string>();
        Server.World.RequestReceived += r => { lock (paths) paths.Add(r.Path + "?samples=" + r.QueryValue("samples")); };
        byte[] body = await Client.GetPlayerSessionBodyAsync(seed.Id, PolarSampleType.HR | PolarSampleType.Speed, None);
        Assert.Equal(new[] { "/v1/training_sessions/" + seed.Id + "?samples=hr,speed" }, paths);
        var rows = SampleFiles.ReadWithReader(body, seed.Id, null, null);
        Assert.Equal(seed.SampleCount, rows.Count);
        Assert.All(rows, r => Assert.Null(r.Distance));
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_and_a_broken_body_is_invalid_data()
    {
        PlayerSessionSeed seed = Data.Teams[0].Sessions[0].Participants[1];
        Server.World.Faults.AddDroppedConnection(seed.Id);
        byte[] body = await Client.GetPlayerSessionBodyAsync(seed.Id, PolarSampleType.HR, None);
        Assert.Equal(seed.SampleCount, SampleFiles.ReadWithReader(body, seed.Id, null, null).Count);

        Server.World.Faults.AddStatus(seed.Id, 200, times: 100, body: "{\"data\":{\"samples\":{\"fields\":[\"time\",\"hr\"],\"values\":[[\"PT0S\",1],[\"PT0.1");
        var error = await Assert.ThrowsAsync<SportsDataException>(() => Client.GetPlayerSessionBodyAsync(seed.Id, PolarSampleType.HR, None));
        Assert.Equal(FailureKind.InvalidData, error.Kind);
    }
}
