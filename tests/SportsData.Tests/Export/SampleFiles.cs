using System.Globalization;
using System.IO.Compression;
using System.Text;
using SportsData.Export;
using SportsData.Polar;
using Sylvan.Data.Csv;

namespace SportsData.Tests.Export;

/// <summary>Reads sample files back with independent readers (Sylvan CSV, GZipStream, Parquet.Net) into PolarSample rows.</summary>
internal static class PolarSampleFileWriterColumns
{
    public static readonly string[] Fixed = { "team_session_id", "player_session_id", "player_id", "time", "offset_ms" };
}

public static class SampleFiles
{
    /// <summary>The vendor's documented example (OpenAPI trainingSessionSamples and seed 003): short row, nulls, over-long row.</summary>
    public const string DocumentedExample = """
        {"data":{"id":"wp9DQ9ln","type":"TEAM","start_time":"2017-04-14T09:20:06","stop_time":"2017-04-14T09:50:06",
          "samples":{"fields":["time","distance","hr","speed","cadence","lat","lon","altitude","forward_acceleration","power"],
            "values":[["PT0S",0.0,94.0,0.0,0,55.67336654663086,12.49395084381104,null,0.0],
                      ["PT0.1S",0.0,null,0.0,0,null,null,null,null,0.04],
                      ["PT0.2S",0.0,null,0.0,0,null,null,null,null,-0.02,125]]},
          "rr_intervals":[485,483,null,800,483,486,483,null,950,281]}}
        """;

    /// <summary>Edge cases: fields after values, long offsets, numbers the writer must re-spell, text and nested values, seconds as offset.</summary>
    public const string EdgeCases = """
        {"data":{"samples":{"values":[
            ["PT1H29M59.9S",72.50,1E2,0.1000000000000000055511151231257827,-0.0,12345678901234567,"x",[1,2],{"a":1},7],
            ["PT1H30M",null,null],
            [5400.3,1.5e-7,60.169912345678901,24.9384,3],
            [],
            ["PT0.05S",-12.25,0.000001]],
          "fields":["time","hr","speed","distance","cadence","lat","lon","altitude","forward_acceleration","power","rr"]},
          "start_time":"2026-06-29T23:59:59.5"}}
        """;

    public static List<PolarSample> ReadWithReader(byte[] body, string playerSessionId, string? playerId, string? teamSessionId)
    {
        PolarSampleReader reader = PolarSampleReader.Open(body, body.Length, playerSessionId, playerId, teamSessionId);
        var rows = new List<PolarSample>();
        while (reader.ReadBatch(rows, 1000) > 0) { }
        return rows;
    }

    public static byte[] Write(DataFormat format, PolarSampleType types, params (byte[] Body, string PlayerSessionId, string? PlayerId, string? TeamSessionId)[] sessions)
    {
        using var stream = new MemoryStream();
        using (var writer = new PolarSampleFileWriter(stream, format, types))
        {
            foreach (var session in sessions) writer.WriteSession(session.Body, session.Body.Length, session.PlayerSessionId, session.PlayerId, session.TeamSessionId);
            writer.Complete();
        }
        return stream.ToArray();
    }

    public static (string[] Header, List<PolarSample> Rows) ReadBack(byte[] file, DataFormat format)
    {
        return format switch
        {
            DataFormat.Csv => ReadCsv(new MemoryStream(file)),
            DataFormat.CsvGzip => ReadCsv(new GZipStream(new MemoryStream(file), CompressionMode.Decompress)),
            DataFormat.Parquet => ParquetReadBack.Read(file),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    public static (string[] Header, List<PolarSample> Rows) ReadCsv(Stream stream)
    {
        using var text = new StreamReader(stream, new UTF8Encoding(false));
        using CsvDataReader csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true });
        var header = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();
        var rows = new List<PolarSample>();
        while (csv.Read())
        {
            var sample = new PolarSample();
            for (int i = 0; i < header.Length; i++)
            {
                string value = csv.GetString(i);
                SetField(sample, header[i], value.Length == 0 ? null : value);
            }
            rows.Add(sample);
        }
        return (header, rows);
    }

    public static void SetField(PolarSample sample, string column, string? value)
    {
        bool measure = Array.IndexOf(PolarSampleFileWriterColumns.Fixed, column) < 0;
        double? number = value == null || !measure ? null : double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        switch (column)
        {
            case "team_session_id": sample.TeamSessionId = value; break;
            case "player_session_id": sample.PlayerSessionId = value ?? string.Empty; break;
            case "player_id": sample.PlayerId = value; break;
            case "time": sample.Time = value == null ? null : DateTime.ParseExact(value, "yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture); break;
            case "offset_ms": sample.Offset = TimeSpan.FromMilliseconds(long.Parse(value!, CultureInfo.InvariantCulture)); break;
            case "heart_rate": sample.HeartRate = number; break;
            case "speed": sample.Speed = number; break;
            case "distance": sample.Distance = number; break;
            case "latitude": sample.Latitude = number; break;
            case "longitude": sample.Longitude = number; break;
            case "altitude": sample.Altitude = number; break;
            case "cadence": sample.Cadence = number; break;
            case "forward_acceleration": sample.ForwardAcceleration = number; break;
            case "power": sample.Power = number; break;
            case "rr": sample.RR = number; break;
            default: throw new InvalidOperationException("Unexpected column " + column);
        }
    }

    /// <summary>The rows as Get-PolarSample gives them, with the columns a file of <paramref name="types"/> does not hold cleared.</summary>
    public static PolarSample Project(PolarSample s, PolarSampleType types) => new()
    {
        TeamSessionId = s.TeamSessionId,
        PlayerSessionId = s.PlayerSessionId,
        PlayerId = s.PlayerId,
        Offset = s.Offset,
        Time = s.Time,
        HeartRate = types.HasFlag(PolarSampleType.HR) ? s.HeartRate : null,
        Speed = types.HasFlag(PolarSampleType.Speed) ? s.Speed : null,
        Distance = types.HasFlag(PolarSampleType.Distance) ? s.Distance : null,
        Latitude = types.HasFlag(PolarSampleType.Location) ? s.Latitude : null,
        Longitude = types.HasFlag(PolarSampleType.Location) ? s.Longitude : null,
        Altitude = types.HasFlag(PolarSampleType.Altitude) ? s.Altitude : null,
        Cadence = types.HasFlag(PolarSampleType.Cadence) ? s.Cadence : null,
        ForwardAcceleration = types.HasFlag(PolarSampleType.ForwardAcceleration) ? s.ForwardAcceleration : null,
        Power = types.HasFlag(PolarSampleType.Power) ? s.Power : null,
        RR = types.HasFlag(PolarSampleType.RR) ? s.RR : null,
    };

    /// <summary>Asserts row by row, value by value (doubles bit for bit, -0 included; time to the millisecond).</summary>
    public static void AssertSameRows(IReadOnlyList<PolarSample> expected, IReadOnlyList<PolarSample> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            PolarSample e = expected[i], a = actual[i];
            string where = $"row {i} of {e.PlayerSessionId}";
            Assert.True(e.TeamSessionId == a.TeamSessionId && e.PlayerSessionId == a.PlayerSessionId && e.PlayerId == a.PlayerId, where + ": ids");
            Assert.True(TruncateToMs(e.Offset.Ticks) == a.Offset.Ticks, $"{where}: offset {e.Offset} vs {a.Offset}");
            Assert.True(e.Time?.Ticks is null ? a.Time is null : TruncateToMs(e.Time.Value.Ticks) == a.Time?.Ticks, $"{where}: time {e.Time:O} vs {a.Time:O}");
            foreach (var (name, x, y) in new[]
            {
                ("HeartRate", e.HeartRate, a.HeartRate), ("Speed", e.Speed, a.Speed), ("Distance", e.Distance, a.Distance),
                ("Latitude", e.Latitude, a.Latitude), ("Longitude", e.Longitude, a.Longitude), ("Altitude", e.Altitude, a.Altitude),
                ("Cadence", e.Cadence, a.Cadence), ("ForwardAcceleration", e.ForwardAcceleration, a.ForwardAcceleration),
                ("Power", e.Power, a.Power), ("RR", e.RR, a.RR),
            })
            {
                bool same = x is null ? y is null : y is not null && BitConverter.DoubleToInt64Bits(x.Value) == BitConverter.DoubleToInt64Bits(y.Value);
                Assert.True(same, $"{where}: {name} {x?.ToString("R", CultureInfo.InvariantCulture) ?? "null"} vs {y?.ToString("R", CultureInfo.InvariantCulture) ?? "null"}");
            }
        }
    }

    private static long TruncateToMs(long ticks) => ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond;
}
