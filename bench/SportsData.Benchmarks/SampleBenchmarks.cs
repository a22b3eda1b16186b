using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SportsData.Connections;
using SportsData.Http;
using SportsData.Polar;
using SportsData.Sandbox;
using SportsData.Sandbox.Polar;

namespace SportsData.Benchmarks;

/// <summary>
/// The sample path: one 90-minute player session at 10 Hz with every sample type (54,000 rows), parsed from its
/// response body, and fetched end to end through the transport from the in-process simulator.
/// Baseline: the straightforward JsonDocument approach, for comparison.
/// </summary>
[MemoryDiagnoser]
public class SampleBenchmarks
{
    private byte[] _body = Array.Empty<byte>();
    private PolarConnection _connection = null!;
    private string _playerSessionId = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var world = new SandboxWorld(new SandboxOptions { AnchorDate = new DateTime(2026, 6, 30), PolarBurstCapacity = int.MaxValue, PolarRefillPerSecond = 1e9 });
        PlayerSessionSeed seed = world.Polar.Data.Teams[0].Sessions.First(s => s.Type == "MATCH").Participants[0];
        _playerSessionId = seed.Id;
        _body = world.PolarPlayerSessionBodyAsync(seed.Id).GetAwaiter().GetResult();
        Console.WriteLine($"// response: {_body.Length / 1024.0 / 1024.0:0.0} MiB, {seed.SampleCount} rows");

        _connection = PolarConnector.ConnectSandboxAsync(new PolarConnectOptions
        {
            ApiBaseUri = new Uri("https://bench.invalid/"),
            TokenUri = new Uri("https://bench.invalid/oauth/token"),
            ClientId = PolarSimulator.DemoClientId,
            ClientSecret = PolarSimulator.DemoClientSecret,
            PrimaryHandler = new SandboxHandler(world),
            RateLimitBurst = 10000,
            RateLimitPerSecond = 10000,
        }, PolarSimulator.DemoRefreshToken, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "JsonDocument (baseline)")]
    public int ParseWithJsonDocument()
    {
        using JsonDocument document = JsonDocument.Parse(_body);
        JsonElement samples = document.RootElement.GetProperty("data").GetProperty("samples");
        var fields = samples.GetProperty("fields").EnumerateArray().Select(f => f.GetString()).ToArray();
        int rows = 0;
        foreach (JsonElement row in samples.GetProperty("values").EnumerateArray())
        {
            var sample = new PolarSample { PlayerSessionId = "x", Offset = SportsData.Json.IsoDuration.Parse(row[0].GetString()!) };
            int i = 0;
            foreach (JsonElement value in row.EnumerateArray())
            {
                if (i > 0 && i < fields.Length && value.ValueKind == JsonValueKind.Number && fields[i] == "hr") sample.HeartRate = value.GetDouble();
                i++;
            }
            rows++;
        }
        return rows;
    }

    [Benchmark(Description = "PolarSampleReader (module)")]
    public int ParseWithSampleReader()
    {
        var reader = PolarSampleReader.Open(_body, _body.Length, "x", null, null);
        var batch = new List<PolarSample>(2048);
        int rows = 0;
        int read;
        while ((read = reader.ReadBatch(batch, 2048)) > 0)
        {
            rows += read;
            batch.Clear();
        }
        return rows;
    }

    [Benchmark(Description = "GetSamplesAsync end to end (in-process sandbox)")]
    public async Task<int> FetchAndParse()
    {
        int rows = 0;
        await foreach (var batch in PolarSession.Of(_connection).Client.GetSamplesAsync(_playerSessionId, PolarSampleType.All, null, null, CancellationToken.None))
        {
            rows += batch.Count;
        }
        return rows;
    }
}
