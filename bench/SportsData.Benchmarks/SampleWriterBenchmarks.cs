using BenchmarkDotNet.Attributes;
using SportsData.Export;
using SportsData.Polar;
using SportsData.Sandbox;
using SportsData.Sandbox.Polar;

namespace SportsData.Benchmarks;

/// <summary>
/// The engine's inner loop: one 90-minute player session at 10 Hz with every sample type (54,000 rows), from
/// response bytes to file bytes on one core. Times are per row (OperationsPerInvoke), so rows/s = 1e9 / ns;
/// the bar is 3 M rows/s (333 ns/row) for CSV.
/// dotnet run -c Release --project bench/SportsData.Benchmarks -- --filter '*SampleWriter*'
/// </summary>
[MemoryDiagnoser]
public class SampleWriterBenchmarks
{
    public const int Rows = 54000;
    private byte[] _body = Array.Empty<byte>();

    [Params(DataFormat.Csv, DataFormat.CsvGzip, DataFormat.Parquet)]
    public DataFormat Format { get; set; }

    private PolarSampleFileWriter? _writer;

    /// <summary>One writer for the whole run, as in an export of many sessions to one file: the loop in its steady state.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _body = MatchSessionBody(out int rows);
        if (rows != Rows) throw new InvalidOperationException($"The benchmark session has {rows} rows, not {Rows}.");
        _writer = new PolarSampleFileWriter(Stream.Null, Format, PolarSampleType.All);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer!.Complete();
        _writer.Dispose();
    }

    /// <summary>Response bytes of a 90-minute match session with samples=all, from the in-process simulator.</summary>
    public static byte[] MatchSessionBody(out int rows)
    {
        var world = new SandboxWorld(new SandboxOptions { AnchorDate = new DateTime(2026, 6, 30), PolarBurstCapacity = int.MaxValue, PolarRefillPerSecond = 1e9 });
        PlayerSessionSeed seed = world.Polar.Data.Teams[0].Sessions.SelectMany(s => s.Participants).First(p => p.SampleCount == Rows);
        rows = seed.SampleCount;
        return world.PolarPlayerSessionBodyAsync(seed.Id).GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Rows, Description = "response bytes -> file bytes (per row)")]
    public long WriteOneSession() => _writer!.WriteSession(_body, _body.Length, "PS123456", "PL123456", "TS123456");
}
