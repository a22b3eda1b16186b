using System.IO.Compression;
using System.Text;
using SportsData.Export;
using SportsData.Polar;

namespace SportsData.Tests.Export;

public class PolarSampleFileWriterTests
{
    public static readonly TheoryData<DataFormat> Formats = new() { DataFormat.Csv, DataFormat.CsvGzip, DataFormat.Parquet };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Documented_example_as_csv_byte_for_byte()
    {
        byte[] file = SampleFiles.Write(DataFormat.Csv, PolarSampleType.All, (Utf8(SampleFiles.DocumentedExample), "wp9DQ9ln", "p1", "ts,1"));
        string expected =
            "team_session_id,player_session_id,player_id,time,offset_ms,heart_rate,speed,distance,latitude,longitude,altitude,cadence,forward_acceleration,power,rr\r\n" +
            "\"ts,1\",wp9DQ9ln,p1,2017-04-14T09:20:06.000,0,94,0,0,55.67336654663086,12.49395084381104,,0,0,,\r\n" +
            "\"ts,1\",wp9DQ9ln,p1,2017-04-14T09:20:06.100,100,,0,0,,,,0,,0.04,\r\n" +
            "\"ts,1\",wp9DQ9ln,p1,2017-04-14T09:20:06.200,200,,0,0,,,,0,,-0.02,\r\n";
        Assert.Equal(expected, Encoding.UTF8.GetString(file));
        Assert.False(file.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "no BOM");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_format_holds_exactly_what_Get_PolarSample_returns(DataFormat format)
    {
        byte[] documented = Utf8(SampleFiles.DocumentedExample), edge = Utf8(SampleFiles.EdgeCases);
        byte[] file = SampleFiles.Write(format, PolarSampleType.All, (documented, "wp9DQ9ln", "p1", "ts1"), (edge, "edge", null, null));
        var expected = SampleFiles.ReadWithReader(documented, "wp9DQ9ln", "p1", "ts1").Concat(SampleFiles.ReadWithReader(edge, "edge", null, null)).ToList();
        var (_, actual) = SampleFiles.ReadBack(file, format);
        SampleFiles.AssertSameRows(expected, actual);
        // The edge cases really are in there: the long offset, the day change, a -0 and re-spelled numbers.
        PolarSample first = actual[3];
        Assert.Equal(new TimeSpan(0, 1, 29, 59, 900), first.Offset);
        Assert.Equal(new DateTime(2026, 6, 30, 1, 29, 59, 400), first.Time);
        Assert.Equal(72.5, first.HeartRate);
        Assert.Equal(100, first.Speed);
        Assert.True(double.IsNegative(first.Cadence!.Value));
        Assert.Null(first.Longitude); // "x"
        Assert.Equal(7, first.Power); // after a nested array and object
        Assert.Equal(TimeSpan.FromSeconds(5400.3), actual[5].Offset);
        Assert.Equal(6, actual.Count - 3 + 1); // the empty row is a row
    }

    [Fact]
    public void Numbers_are_copied_when_short_and_respelled_otherwise()
    {
        byte[] file = SampleFiles.Write(DataFormat.Csv, PolarSampleType.HR | PolarSampleType.Speed | PolarSampleType.Distance | PolarSampleType.Cadence,
            (Utf8("""{"samples":{"fields":["time","hr","speed","distance","cadence"],"values":[["PT0S",72.50,1E2,0.1000000000000000055511151231257827,120.000]]}}"""), "a", null, null));
        string[] lines = Encoding.UTF8.GetString(file).Split("\r\n");
        Assert.Equal("team_session_id,player_session_id,player_id,time,offset_ms,heart_rate,speed,distance,cadence", lines[0]);
        Assert.Equal(",a,,,0,72.5,100,0.1,120", lines[1]);
    }

    [Theory]
    [InlineData("{\"samples\":{\"fields\":[\"time\",\"hr\"],\"values\":[[\"PT0S\",1],[\"PT0.1S\",2]")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("{\"samples\":{\"fields\":[\"time\",\"hr\"],\"values\":[[\"PT0S\",1],[\"soon\",2]]}}")]
    [InlineData("")]
    [InlineData("{\"samples\":{\"fields\":[\"time\",\"hr\"],\"values\":[[\"PT0S\",1][\"PT0.1S\",2]]}}")]
    [InlineData("{\"samples\":{\"fields\":[\"time\",\"hr\"],\"values\":[[\"PT0S\",1,]]}}")]
    [InlineData("{\"samples\":{\"fields\":[\"time\",\"hr\"],\"values\":[[\"PT0S\",01]]}}")]
    [InlineData("{\"samples\":{\"fields\":[\"time\",\"hr\"],\"values\":[[\"PT0S\",NaN]]}}")]
    [InlineData("{\"samples\":{\"fields\":[\"time\",\"hr\"],\"values\":[[\"PT0S\",1e400]]}}")]
    [InlineData("{\"samples\":{\"fields\":[\"time\",\"hr\"],\"values\":[[\"PT0S\",1]]},\"start_time\":}")]
    public void A_body_that_does_not_read_writes_nothing_and_the_next_session_still_goes_in(string broken)
    {
        using var stream = new MemoryStream();
        using var writer = new PolarSampleFileWriter(stream, DataFormat.Csv, PolarSampleType.HR);
        writer.WriteSession(Utf8(SampleFiles.DocumentedExample), Utf8(SampleFiles.DocumentedExample).Length, "good1", null, null);
        long before = stream.Length;
        var error = Assert.Throws<SportsDataException>(() => writer.WriteSession(Utf8(broken), Utf8(broken).Length, "bad", null, null));
        Assert.Equal(FailureKind.InvalidData, error.Kind);
        Assert.StartsWith("PolarApi.Invalid", error.ErrorId);
        Assert.Equal(before, stream.Length);
        writer.WriteSession(Utf8(SampleFiles.DocumentedExample), Utf8(SampleFiles.DocumentedExample).Length, "good2", null, null);
        writer.Complete();
        var (_, rows) = SampleFiles.ReadBack(stream.ToArray(), DataFormat.Csv);
        Assert.Equal(new[] { "good1", "good1", "good1", "good2", "good2", "good2" }, rows.Select(r => r.PlayerSessionId));
        Assert.Equal(6, writer.RowsWritten);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Only_the_requested_columns_in_a_fixed_order(DataFormat format)
    {
        byte[] file = SampleFiles.Write(format, PolarSampleType.Location | PolarSampleType.HR, (Utf8(SampleFiles.DocumentedExample), "s", null, null));
        var (header, rows) = SampleFiles.ReadBack(file, format);
        Assert.Equal(new[] { "team_session_id", "player_session_id", "player_id", "time", "offset_ms", "heart_rate", "latitude", "longitude" }, header);
        Assert.Equal(94, rows[0].HeartRate);
        Assert.Null(rows[0].Speed);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Same_input_gives_byte_identical_files(DataFormat format)
    {
        byte[] a = SampleFiles.Write(format, PolarSampleType.All, (Utf8(SampleFiles.EdgeCases), "s", "p", "t"));
        byte[] b = SampleFiles.Write(format, PolarSampleType.All, (Utf8(SampleFiles.EdgeCases), "s", "p", "t"));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Parquet_cannot_be_appended_to()
    {
        var error = Assert.Throws<SportsDataException>(() => new PolarSampleFileWriter(new MemoryStream(), DataFormat.Parquet, PolarSampleType.HR, writeHeader: false));
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
    }

    internal static async Task<(byte[] Body, SportsData.Sandbox.Polar.PlayerSessionSeed Seed)> SimulatorSessionBody(int participant)
    {
        var world = new SportsData.Sandbox.SandboxWorld(new SportsData.Sandbox.SandboxOptions { AnchorDate = new DateTime(2026, 6, 30) });
        var seed = world.Polar.Data.Teams[0].Sessions[0].Participants[participant];
        return (await world.PolarPlayerSessionBodyAsync(seed.Id), seed);
    }

    [Fact]
    public async Task Sizes_of_the_formats_for_a_simulator_session()
    {
        // Not a benchmark: the compressed formats must actually be compressed (the bars are checked by bench/).
        var (body, seed) = await SimulatorSessionBody(0);
        long csv = SampleFiles.Write(DataFormat.Csv, PolarSampleType.All, (body, seed.Id, seed.Player.Id, "t")).Length;
        long gzip = SampleFiles.Write(DataFormat.CsvGzip, PolarSampleType.All, (body, seed.Id, seed.Player.Id, "t")).Length;
        byte[] parquet = SampleFiles.Write(DataFormat.Parquet, PolarSampleType.All, (body, seed.Id, seed.Player.Id, "t"));
        Assert.True(gzip * 3 < csv, $"csv {csv}, gzip {gzip}");
        Assert.True(parquet.Length * 3 < csv, $"csv {csv}, parquet {parquet.Length}");
        SampleFiles.AssertSameRows(SampleFiles.ReadWithReader(body, seed.Id, seed.Player.Id, "t"), SampleFiles.ReadBack(parquet, DataFormat.Parquet).Rows);
    }

    [Theory]
    [InlineData(DataFormat.Csv)]
    [InlineData(DataFormat.CsvGzip)]
    public async Task A_long_export_allocates_next_to_nothing_per_session_once_warm(DataFormat format)
    {
        // Memory flat whatever the export size: after the first sessions, buffers come back from the pools.
        var sessions = new[] { await SimulatorSessionBody(0), await SimulatorSessionBody(1), await SimulatorSessionBody(2) };
        using var writer = new PolarSampleFileWriter(Stream.Null, format, PolarSampleType.All);
        foreach (var (body, seed) in sessions) writer.WriteSession(body, body.Length, seed.Id, seed.Player.Id, "t");
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int rounds = 10;
        for (int round = 0; round < rounds; round++)
        {
            for (int i = sessions.Length - 1; i >= 0; i--) writer.WriteSession(sessions[i].Body, sessions[i].Body.Length, sessions[i].Seed.Id, sessions[i].Seed.Player.Id, "t");
        }
        long perSession = (GC.GetAllocatedBytesForCurrentThread() - before) / (rounds * sessions.Length);
        long csvBytes = SampleFiles.Write(DataFormat.Csv, PolarSampleType.All, (sessions[0].Body, sessions[0].Seed.Id, sessions[0].Seed.Player.Id, "t")).Length;
        // Budget: a few pooled segments taken by tests running beside this one; a buffer per session would be the CSV's size.
        Assert.True(perSession < 64 * 1024, $"{perSession} bytes allocated per session (its CSV is {csvBytes} bytes)");
    }

    [Fact]
    public async Task A_gzip_file_is_one_member_whose_trailer_holds_the_crc_and_length_of_everything()
    {
        // Sessions are compressed in parallel into blocks of one member: readers that stop after the first member
        // (.NET Framework's GZipStream) must still see every row.
        var simulated = new[] { await SimulatorSessionBody(0), await SimulatorSessionBody(1), await SimulatorSessionBody(2) };
        // Each session's text spans several pooled segments, compressed one at a time as they fill.
        Assert.All(simulated, s => Assert.True(SampleFiles.Write(DataFormat.Csv, PolarSampleType.All, (s.Body, s.Seed.Id, s.Seed.Player.Id, "t")).Length > 3 * (1 << 18)));
        // A session without samples between sessions with rows: its (reused) chunk must not bring an old checksum.
        byte[] noSamples = Utf8("""{"data":{"id":"x","start_time":"2020-01-01T00:00:00"}}""");
        var sessions = new[] { simulated[0], (Body: noSamples, simulated[1].Seed), simulated[1], (Body: noSamples, simulated[2].Seed), simulated[2] };
        using var stream = new MemoryStream();
        using (var writer = new PolarSampleFileWriter(stream, DataFormat.CsvGzip, PolarSampleType.All))
        {
            foreach (var s in sessions.Take(2)) writer.WriteSession(s.Body, s.Body.Length, s.Seed.Id, s.Seed.Player.Id, "t");
            var chunks = sessions.Skip(2).AsParallel().AsOrdered().Select(s => writer.Encode(s.Body, s.Body.Length, s.Seed.Id, s.Seed.Player.Id, "t")).ToArray();
            foreach (var chunk in chunks) writer.Write(chunk);
            writer.Complete();
        }
        byte[] file = stream.ToArray();
        byte[] csv = SampleFiles.Write(DataFormat.Csv, PolarSampleType.All, sessions.Select(s => (s.Body, s.Seed.Id, (string?)s.Seed.Player.Id, (string?)"t")).ToArray());

        Assert.Equal(new byte[] { 0x1f, 0x8b, 8 }, file.Take(3));
        using var deflate = new DeflateStream(new MemoryStream(file, 10, file.Length - 18), CompressionMode.Decompress);
        var firstMember = new MemoryStream();
        deflate.CopyTo(firstMember);
        Assert.Equal(csv, firstMember.ToArray());
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(csv), BitConverter.ToUInt32(file, file.Length - 8));
        Assert.Equal((uint)csv.Length, BitConverter.ToUInt32(file, file.Length - 4));
        Assert.Equal(file, SampleFiles.Write(DataFormat.CsvGzip, PolarSampleType.All, sessions.Select(s => (s.Body, s.Seed.Id, (string?)s.Seed.Player.Id, (string?)"t")).ToArray()));
    }

    [Fact]
    public async Task Without_gzip_blocks_as_on_Windows_PowerShell_the_whole_file_is_one_gzip_stream_of_the_same_csv()
    {
        // .NET Framework's DeflateStream cannot end a block on a byte boundary, so there (GzipBlocks.IsSupported false)
        // the writer compresses the whole stream instead: a different gzip, the same CSV inside.
        Assert.True(GzipBlocks.IsSupported);
        var sessions = new[] { await SimulatorSessionBody(0), await SimulatorSessionBody(1) };
        using var stream = new MemoryStream();
        using (var writer = new PolarSampleFileWriter(stream, DataFormat.CsvGzip, PolarSampleType.All, writeHeader: true, gzipBlocks: false))
        {
            foreach (var s in sessions) writer.WriteSession(s.Body, s.Body.Length, s.Seed.Id, s.Seed.Player.Id, "t");
            writer.Complete();
        }
        byte[] csv = SampleFiles.Write(DataFormat.Csv, PolarSampleType.All, sessions.Select(s => (s.Body, s.Seed.Id, (string?)s.Seed.Player.Id, (string?)"t")).ToArray());
        using var gzip = new GZipStream(new MemoryStream(stream.ToArray()), CompressionMode.Decompress);
        var text = new MemoryStream();
        gzip.CopyTo(text);
        Assert.Equal(csv, text.ToArray());
        Assert.NotEqual(stream.ToArray(), SampleFiles.Write(DataFormat.CsvGzip, PolarSampleType.All, sessions.Select(s => (s.Body, s.Seed.Id, (string?)s.Seed.Player.Id, (string?)"t")).ToArray()));
    }

    [Fact]
    public void Gzip_block_checksums_combine_into_the_checksum_of_the_whole()
    {
        var random = new Random(7);
        foreach (int[] lengths in new[] { new[] { 0, 0 }, new[] { 1, 0 }, new[] { 0, 5 }, new[] { 3, 1_000_003, 17 }, new[] { 262_144, 262_145 } })
        {
            byte[][] parts = lengths.Select(n => { var b = new byte[n]; random.NextBytes(b); return b; }).ToArray();
            uint combined = 0;
            foreach (byte[] part in parts) combined = GzipBlocks.Combine(combined, System.IO.Hashing.Crc32.HashToUInt32(part), part.Length);
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(parts.SelectMany(p => p).ToArray()), combined);
        }
    }

    [Fact]
    public async Task A_session_compresses_to_the_same_self_contained_blocks_whatever_its_deflate_stream_did_before()
    {
        // Deflate streams are reused from session to session (a pool of lanes): a session's blocks must not depend on
        // which lane took it or what that lane compressed before, finished or abandoned, or files would differ.
        var (first, firstSeed) = await SimulatorSessionBody(0);
        var (second, secondSeed) = await SimulatorSessionBody(1);
        byte[] text = SampleFiles.Write(DataFormat.Csv, PolarSampleType.All, (first, firstSeed.Id, firstSeed.Player.Id, "t"));
        byte[] other = SampleFiles.Write(DataFormat.Csv, PolarSampleType.All, (second, secondSeed.Id, secondSeed.Player.Id, "t"));
        byte[] expected = DeflateRun(text, out uint expectedCrc);
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(text), expectedCrc);
        var random = new Random(3);
        for (int trial = 0; trial < 12; trial++)
        {
            int length = random.Next(1, other.Length);
            var before = new ArraySegment<byte>(other, random.Next(0, other.Length - length), length);
            using (var abandoned = new GzipBlocks.Block(new PooledBytes()))
            {
                abandoned.Append(before); // a session that failed half-way: never finished
            }
            if (random.Next(2) == 0) DeflateRun(before.ToArray(), out _);
            Assert.Equal(expected, DeflateRun(text, out uint crc));
            Assert.Equal(expectedCrc, crc);
        }
        // The blocks decode on their own, after no data at all.
        using var inflate = new DeflateStream(new MemoryStream(expected.Concat(new byte[] { 3, 0 }).ToArray()), CompressionMode.Decompress);
        var decoded = new MemoryStream();
        inflate.CopyTo(decoded);
        Assert.Equal(text, decoded.ToArray());
    }

    private static byte[] DeflateRun(byte[] text, out uint crc)
    {
        var compressed = new PooledBytes();
        using (var block = new GzipBlocks.Block(compressed))
        {
            for (int at = 0; at < text.Length; at += 1 << 18) block.Append(new ArraySegment<byte>(text, at, Math.Min(1 << 18, text.Length - at)));
            crc = block.Finish();
            Assert.Equal(text.Length, block.Length);
        }
        var bytes = new MemoryStream();
        compressed.WriteTo(bytes);
        compressed.Clear();
        return bytes.ToArray();
    }

    [Fact]
    public void No_sessions_gives_a_header_only_file_and_no_samples_gives_no_rows()
    {
        byte[] file = SampleFiles.Write(DataFormat.CsvGzip, PolarSampleType.HR, (Utf8("""{"data":{"id":"x","start_time":"2020-01-01T00:00:00"}}"""), "x", null, null));
        var (header, rows) = SampleFiles.ReadBack(file, DataFormat.CsvGzip);
        Assert.Equal(6, header.Length);
        Assert.Empty(rows);
    }

    [Fact]
    public void Appending_to_a_gzip_file_adds_a_member_that_reads_as_one_csv()
    {
        using var stream = new MemoryStream();
        using (var writer = new PolarSampleFileWriter(stream, DataFormat.CsvGzip, PolarSampleType.HR))
        {
            writer.WriteSession(Utf8(SampleFiles.DocumentedExample), Utf8(SampleFiles.DocumentedExample).Length, "first", null, null);
            writer.Complete();
        }
        using (var writer = new PolarSampleFileWriter(stream, DataFormat.CsvGzip, PolarSampleType.HR, writeHeader: false))
        {
            writer.WriteSession(Utf8(SampleFiles.DocumentedExample), Utf8(SampleFiles.DocumentedExample).Length, "second", null, null);
            writer.Complete();
        }
        var (_, rows) = SampleFiles.ReadBack(stream.ToArray(), DataFormat.CsvGzip);
        Assert.Equal(new[] { "first", "first", "first", "second", "second", "second" }, rows.Select(r => r.PlayerSessionId));
    }

    [Fact]
    public void Sessions_encoded_in_parallel_write_in_the_order_given()
    {
        var bodies = Enumerable.Range(0, 8).Select(i => Utf8(SampleFiles.DocumentedExample.Replace("94.0", (100 + i) + ".0"))).ToArray();
        using var stream = new MemoryStream();
        using (var writer = new PolarSampleFileWriter(stream, DataFormat.Csv, PolarSampleType.HR))
        {
            var chunks = bodies.AsParallel().AsOrdered().Select((b, i) => writer.Encode(b, b.Length, "s" + i, null, null)).ToArray();
            foreach (var chunk in chunks) writer.Write(chunk);
            writer.Complete();
        }
        var (_, rows) = SampleFiles.ReadBack(stream.ToArray(), DataFormat.Csv);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (double)(100 + i)), rows.Where(r => r.HeartRate != null).Select(r => r.HeartRate!.Value));
    }

    [Theory]
    [InlineData(DataFormat.Csv, ".csv")]
    [InlineData(DataFormat.CsvGzip, ".csv.gz")]
    [InlineData(DataFormat.Parquet, ".parquet")]
    public void Extensions_and_formats_from_paths(DataFormat format, string extension)
    {
        Assert.Equal(extension, PolarSampleFileWriter.FileExtension(format));
        Assert.Equal(format, PolarSampleFileWriter.FormatFromPath("/x/samples" + extension.ToUpperInvariant()));
        Assert.Null(PolarSampleFileWriter.FormatFromPath("samples.txt"));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Reused_chunks_repeated_fields_and_sparse_columns_read_back_exactly(DataFormat format)
    {
        // The writer reuses a session's buffers for the next one: values of a longer, denser session must not leak into a
        // shorter, sparser one. A field named twice keeps its later value; a column with values only here and there still
        // has nulls to the end. Both sessions are longer than a Parquet row group, with nulls across the boundaries.
        static string Offset(int row) => $"\"PT{row / 10}.{row % 10}S\"";
        int denseRows = 2 * PolarSampleParquetFormat.MaxRowGroupRows + 5000, sparseRows = PolarSampleParquetFormat.MaxRowGroupRows + 2005;
        byte[] dense = Utf8("""{"data":{"start_time":"2026-01-01T10:00:00","samples":{"fields":["time","hr","speed","rr"],"values":[""" +
            string.Join(",", Enumerable.Range(0, denseRows).Select(i =>
                $"[{Offset(i)},{(Math.Abs(i - PolarSampleParquetFormat.MaxRowGroupRows) < 20 ? "null" : (100 + i % 50).ToString())},{i * 0.01:0.00},{(i % 5 == 0 ? "800" : "null")}]")) + "]}}}");
        byte[] sparse = Utf8("""{"data":{"start_time":"2026-01-01T11:00:00","samples":{"fields":["time","speed","hr","speed"],"values":[""" +
            """["PT0S",1.5,90,2.5],["PT0.1S",null,null,3.5],["PT0.2S",4.5],["PT0.3S"],["PT0.4S",null,91]""" +
            string.Concat(Enumerable.Range(5, sparseRows - 5).Select(i => i == sparseRows - 1000 ? $",[{Offset(i)},null,92]" : $",[{Offset(i)}]")) + "]}}}");
        var sessions = new[] { (dense, "dense", (string?)"p1", (string?)"t"), (sparse, "sparse", null, null), (dense, "dense2", "p1", "t") };
        byte[] file = SampleFiles.Write(format, PolarSampleType.HR | PolarSampleType.Speed | PolarSampleType.RR | PolarSampleType.Power, sessions);
        var expected = sessions.SelectMany(s => SampleFiles.ReadWithReader(s.Item1, s.Item2, s.Item3, s.Item4)).ToList();
        var (_, actual) = SampleFiles.ReadBack(file, format);
        SampleFiles.AssertSameRows(expected, actual);
        PolarSample[] second = actual.Where(r => r.PlayerSessionId == "sparse").ToArray();
        Assert.Equal(sparseRows, second.Length);
        Assert.Equal(new double?[] { 2.5, 3.5, 4.5, null, null }, second.Take(5).Select(r => r.Speed));
        Assert.Equal(new double?[] { 90, null, null, null, 91 }, second.Take(5).Select(r => r.HeartRate));
        Assert.Equal(92, second[sparseRows - 1000].HeartRate);
        Assert.Equal(3, second.Count(r => r.HeartRate != null));
        Assert.All(second, r => Assert.True(r.RR == null && r.Power == null));
        Assert.Equal(2 * denseRows / 5, actual.Count(r => r.RR == 800));
        Assert.Equal(2 * 39, actual.Count(r => r.PlayerSessionId != "sparse" && r.HeartRate == null));
        // Row groups of at most 10,000 rows, and of at most 8,000 with 6-character ids (80,000-byte id pages).
        if (format == DataFormat.Parquet) Assert.Equal(3 + 2 + 4, ParquetReadBack.RowGroupCount(file));
    }

    [Fact]
    public void Parquet_pages_stay_under_the_large_object_heap_threshold_whatever_the_ids_length()
    {
        // Parquet.Net compresses each page into a new array: a page past 85,000 bytes put one on the large-object heap
        // per column and row group, garbage that only a full collection frees.
        byte[] body = Utf8("""{"data":{"start_time":"2026-01-01T10:00:00","samples":{"fields":["time","hr","speed"],"values":[""" +
            string.Join(",", Enumerable.Range(0, 30_000).Select(i => $"[\"PT{i / 10}.{i % 10}S\",{100 + i % 50},{i * 0.01:0.00}]")) + "]}}}");
        string longId = new string('x', 36), accented = new string('é', 20); // 40 bytes of UTF-8
        byte[] file = SampleFiles.Write(DataFormat.Parquet, PolarSampleType.HR | PolarSampleType.Speed, (body, "short", null, null), (body, longId, accented, "t"));
        var chunks = ParquetReadBack.ColumnChunkSizes(file);
        Assert.All(chunks, c => Assert.True(c.UncompressedBytes <= PolarSampleParquetFormat.MaxPageBytes + 100, $"{c.Column}: {c.UncompressedBytes} bytes"));
        Assert.Contains(chunks, c => c.Column == "player_id" && c.UncompressedBytes > PolarSampleParquetFormat.MaxPageBytes * 9 / 10);
        var (_, rows) = SampleFiles.ReadBack(file, DataFormat.Parquet);
        Assert.Equal(new[] { "short", longId }, rows.Select(r => r.PlayerSessionId).Distinct());
        Assert.Equal(accented, rows.Last().PlayerId);
        Assert.Equal(60_000, rows.Count);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_sample_time_out_of_range_is_invalid_data_and_writes_nothing(DataFormat format)
    {
        byte[] body = Utf8("""{"data":{"start_time":"9999-12-31T23:59:59","samples":{"fields":["time","hr"],"values":[["PT0S",1],["PT2S",2]]}}}""");
        using var stream = new MemoryStream();
        using var writer = new PolarSampleFileWriter(stream, format, PolarSampleType.HR);
        var error = Assert.Throws<SportsDataException>(() => writer.WriteSession(body, body.Length, "late", null, null));
        Assert.Equal(FailureKind.InvalidData, error.Kind);
        Assert.Equal(0, writer.RowsWritten);
        writer.WriteSession(Utf8(SampleFiles.DocumentedExample), Utf8(SampleFiles.DocumentedExample).Length, "good", null, null);
        writer.Complete();
        Assert.Equal(3, SampleFiles.ReadBack(stream.ToArray(), format).Rows.Count);
    }
}
