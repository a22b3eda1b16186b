using Parquet;
using Parquet.Schema;
using SportsData.Polar;

namespace SportsData.Tests.Export;

/// <summary>Reads a sample Parquet file back with Parquet.Net, checking the column types on the way.</summary>
public static class ParquetReadBack
{
    public static (string[] Header, List<PolarSample> Rows) Read(byte[] file) => ReadAsync(file).GetAwaiter().GetResult();

    public static int RowGroupCount(byte[] file) => RowGroupCountAsync(file).GetAwaiter().GetResult();

    private static async Task<int> RowGroupCountAsync(byte[] file)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(new MemoryStream(file), null, false, default);
        return reader.RowGroupCount;
    }

    /// <summary>Each column chunk's column name and uncompressed size (its one page and page header), row group by row group.</summary>
    public static List<(string Column, long UncompressedBytes)> ColumnChunkSizes(byte[] file) => ColumnChunkSizesAsync(file).GetAwaiter().GetResult();

    private static async Task<List<(string, long)>> ColumnChunkSizesAsync(byte[] file)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(new MemoryStream(file), null, false, default);
        return reader.Metadata!.RowGroups.SelectMany(g => g.Columns).Select(c => (string.Join(".", c.MetaData!.PathInSchema), c.MetaData.TotalUncompressedSize)).ToList();
    }

    private static async Task<(string[] Header, List<PolarSample> Rows)> ReadAsync(byte[] file)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(new MemoryStream(file), null, false, default);
        DataField[] fields = reader.Schema.GetDataFields();
        string[] header = fields.Select(f => f.Name).ToArray();
        // UTF-8 strings (Parquet.Net may surface them as ReadOnlyMemory<char>).
        Assert.All(fields.Take(3), f => Assert.True(f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>), f.Name + ": " + f.ClrType));
        Assert.All(fields.Take(3), f => Assert.Equal(Parquet.Meta.Type.BYTE_ARRAY, f.SchemaElement!.Type));
        var time = Assert.IsType<DateTimeDataField>(fields[3]);
        Assert.False(time.IsAdjustedToUTC);
        Assert.Equal(typeof(int), fields[4].ClrType);
        Assert.False(fields[4].IsNullable);
        Assert.All(fields.Skip(5), f => Assert.True(f.ClrType == typeof(double) && f.IsNullable, f.Name));
        var rows = new List<PolarSample>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int count = (int)group.RowGroup.NumRows;
            var strings = new string?[3][];
            for (int i = 0; i < 3; i++)
            {
                strings[i] = new string?[count];
                await group.ReadAsync(fields[i], new Memory<string?>(strings[i]), null, default);
            }
            var times = new DateTime?[count];
            await group.ReadAsync(fields[3], new Memory<DateTime?>(times), null, default);
            var offsets = new int[count];
            await group.ReadAsync(fields[4], new Memory<int>(offsets), null, default);
            var measures = new double?[fields.Length - 5][];
            for (int m = 0; m < measures.Length; m++)
            {
                measures[m] = new double?[count];
                await group.ReadAsync(fields[5 + m], new Memory<double?>(measures[m]), null, default);
            }
            for (int r = 0; r < count; r++)
            {
                var sample = new PolarSample
                {
                    TeamSessionId = strings[0][r], PlayerSessionId = strings[1][r]!, PlayerId = strings[2][r],
                    Time = times[r], Offset = TimeSpan.FromMilliseconds(offsets[r]),
                };
                for (int m = 0; m < measures.Length; m++)
                {
                    double? v = measures[m][r];
                    switch (fields[5 + m].Name)
                    {
                        case "heart_rate": sample.HeartRate = v; break;
                        case "speed": sample.Speed = v; break;
                        case "distance": sample.Distance = v; break;
                        case "latitude": sample.Latitude = v; break;
                        case "longitude": sample.Longitude = v; break;
                        case "altitude": sample.Altitude = v; break;
                        case "cadence": sample.Cadence = v; break;
                        case "forward_acceleration": sample.ForwardAcceleration = v; break;
                        case "power": sample.Power = v; break;
                        case "rr": sample.RR = v; break;
                    }
                }
                rows.Add(sample);
            }
        }
        return (header, rows);
    }
}
