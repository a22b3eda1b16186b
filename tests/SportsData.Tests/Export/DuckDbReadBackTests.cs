using System.Globalization;
using DuckDB.NET.Data;
using SportsData.Export;
using SportsData.Polar;

namespace SportsData.Tests.Export;

/// <summary>
/// The sample files read by a reader that is not ours: DuckDB (its own Parquet, gzip and CSV code). Every value must
/// come back exactly as Get-PolarSample gives it, and the Parquet columns must have the documented types.
/// </summary>
public sealed class DuckDbReadBackTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sportsdata-duckdb-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(DataFormat.Parquet)]
    [InlineData(DataFormat.CsvGzip)]
    [InlineData(DataFormat.Csv)]
    public async Task DuckDB_reads_every_value_Get_PolarSample_returns(DataFormat format)
    {
        var (simulated, seed) = await PolarSampleFileWriterTests.SimulatorSessionBody(0);
        byte[] documented = System.Text.Encoding.UTF8.GetBytes(SampleFiles.DocumentedExample), edge = System.Text.Encoding.UTF8.GetBytes(SampleFiles.EdgeCases);
        var sessions = new (byte[] Body, string PlayerSessionId, string? PlayerId, string? TeamSessionId)[]
        {
            (documented, "wp9DQ9ln", "p1", "ts,1"), (edge, "edge", null, null), (simulated, seed.Id, seed.Player.Id, "t"),
        };
        string path = Path.Combine(_folder, "samples" + PolarSampleFileWriter.FileExtension(format));
        File.WriteAllBytes(path, SampleFiles.Write(format, PolarSampleType.All, sessions));
        var expected = sessions.SelectMany(s => SampleFiles.ReadWithReader(s.Body, s.PlayerSessionId, s.PlayerId, s.TeamSessionId)).ToList();

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        string source = format == DataFormat.Parquet
            ? $"read_parquet('{path}')"
            : $"read_csv('{path}', header = true, all_varchar = true)";
        command.CommandText = $"SELECT * FROM {source}";
        using var reader = command.ExecuteReader();
        if (format == DataFormat.Parquet)
        {
            Assert.Equal(typeof(string), reader.GetFieldType(0));
            Assert.Equal(typeof(DateTime), reader.GetFieldType(3));
            Assert.Equal(typeof(int), reader.GetFieldType(4));
            for (int i = 5; i < reader.FieldCount; i++) Assert.Equal(typeof(double), reader.GetFieldType(i));
        }
        var actual = new List<PolarSample>();
        while (reader.Read())
        {
            var sample = new PolarSample();
            for (int i = 0; i < reader.FieldCount; i++)
            {
                SampleFiles.SetField(sample, reader.GetName(i), reader.IsDBNull(i) ? null : Text(reader.GetValue(i)));
            }
            actual.Add(sample);
        }
        SampleFiles.AssertSameRows(expected, actual);
    }

    /// <summary>A value as the CSV spells it, so one parser checks both: doubles round-trip exactly ("R").</summary>
    private static string Text(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
