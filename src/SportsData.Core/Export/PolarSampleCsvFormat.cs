using System;
using System.Buffers.Text;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using SportsData.IO;
using SportsData.Polar;

namespace SportsData.Export
{
    /// <summary>
    /// CSV rows formatted from the response bytes: UTF-8 without BOM, RFC 4180 (comma, "\r\n", quotes only where
    /// needed), invariant culture, header row, empty for null. time is local ISO 8601 with milliseconds
    /// (yyyy-MM-ddTHH:mm:ss.fff), offset_ms an integer. A number the response already spells in its shortest
    /// form (at most 15 digits, no exponent) is copied as is, trailing fraction zeros dropped (94.0 -> 94);
    /// any other number is parsed and written as the shortest text that reads back to the same double.
    /// With <c>gzip</c> (where <see cref="GzipBlocks.IsSupported"/>: every PowerShell 7, either engine build) each
    /// session is also compressed where it is encoded, in parallel, into blocks of one gzip member
    /// (<see cref="GzipBlocks"/>); otherwise (Windows PowerShell 5.1) the writer compresses the stream as it goes.
    /// </summary>
    internal sealed class PolarSampleCsvFormat : IPolarSampleFormat
    {
        private const int MaxNumberBytes = 32;
        private readonly PolarSampleColumns _columns;
        private readonly byte[] _header;
        private readonly bool _writeHeader;
        private readonly bool _gzip;
        private uint _crc;
        private long _uncompressedLength;

        public PolarSampleCsvFormat(PolarSampleColumns columns, bool writeHeader, bool gzip = false)
        {
            _columns = columns;
            _writeHeader = writeHeader;
            _gzip = gzip;
            _header = Encoding.UTF8.GetBytes(string.Join(",", columns.Names) + "\r\n");
        }

        /// <summary>Compression of the gzip blocks (the level GZipStream used before: zlib's default).</summary>
        internal const CompressionLevel GzipLevel = CompressionLevel.Optimal;

        /// <summary>The header line (with "\r\n") for these columns.</summary>
        public byte[] Header => _header;

        public PolarSampleChunk NewChunk() => new CsvChunk();

        public void Start(Stream output)
        {
            if (!_gzip)
            {
                if (_writeHeader) output.Write(_header, 0, _header.Length);
                return;
            }
            GzipBlocks.WriteHeader(output);
            if (!_writeHeader) return;
            var header = new CsvChunk();
            header.StartDeflate();
            header.Text.Append(_header);
            Compress(header);
            Write(header, output);
            header.ReturnMemory();
        }

        public void Write(PolarSampleChunk chunk, Stream output)
        {
            var csv = (CsvChunk)chunk;
            if (!_gzip)
            {
                csv.Text.WriteTo(output);
                return;
            }
            csv.Compressed.WriteTo(output);
            _crc = GzipBlocks.Combine(_crc, csv.Crc, csv.UncompressedLength);
            _uncompressedLength += csv.UncompressedLength;
        }

        public void Complete(Stream output)
        {
            if (_gzip) GzipBlocks.WriteTrailer(output, _crc, _uncompressedLength);
        }

        /// <summary>Compresses whatever is left of the chunk's text and ends its deflate blocks.</summary>
        private static void Compress(CsvChunk csv)
        {
            csv.DeflateText();
            csv.Crc = csv.Deflating!.Finish();
            csv.UncompressedLength = csv.Deflating.Length;
            csv.EndDeflate();
        }

        public void Dispose()
        {
        }

        [MethodImpl(HotPath.Options)]
        public void Encode(PolarSampleChunk chunk, byte[] body, int length, string playerSessionId, string? playerId, string? teamSessionId)
        {
            var csv = (CsvChunk)chunk;
            PolarSampleLayout layout = PolarSampleLayout.Scan(body, length);
            if (layout.ValuesStart < 0) return;
            byte[] prefix = Prefix(teamSessionId, playerSessionId, playerId);
            int rowCapacity = prefix.Length + 48 + _columns.Sample.Length * (MaxNumberBytes + 1);
            var scanner = new PolarSampleRows(body, layout);
            var sink = new RowSink(csv);
            long rows = 0;
            if (_gzip) csv.StartDeflate();
            while (scanner.Next(layout.Columns, ref sink))
            {
                // With gzip each full segment is compressed at once and given back: a session's text is never held whole.
                if (_gzip && !csv.Text.HasRoom(rowCapacity)) csv.DeflateText();
                csv.Text.Ensure(rowCapacity);
                WriteRow(csv, prefix, layout.StartTime, body, sink.RowStamp);
                rows++;
            }
            csv.Rows = rows;
            if (_gzip) Compress(csv);
        }

        [MethodImpl(HotPath.Options)]
        private void WriteRow(CsvChunk csv, byte[] prefix, DateTime? startTime, byte[] body, int stamp)
        {
            byte[] buffer = csv.Text.Buffer;
            int at = csv.Text.Length;
            prefix.AsSpan().CopyTo(new Span<byte>(buffer, at, prefix.Length));
            at += prefix.Length;
            if (startTime != null) at = WriteTime(csv, buffer, at, startTime.Value.Ticks + csv.OffsetTicks);
            buffer[at++] = (byte)',';
            Utf8Formatter.TryFormat(csv.OffsetTicks / TimeSpan.TicksPerMillisecond, new Span<byte>(buffer, at, 20), out int written);
            at += written;
            PolarSampleColumn[] columns = _columns.Sample;
            for (int i = 0; i < columns.Length; i++)
            {
                buffer[at++] = (byte)',';
                int slot = (int)columns[i];
                if (csv.Stamps[slot] != stamp) continue;
                int rawLength = csv.RawLengths[slot];
                if (rawLength >= 0)
                {
                    int from = csv.RawStarts[slot];
                    for (int k = 0; k < rawLength; k++) buffer[at + k] = body[from + k];
                    at += rawLength;
                }
                else
                {
                    at += FormatDouble(csv.Doubles[slot], new Span<byte>(buffer, at, MaxNumberBytes));
                }
            }
            buffer[at++] = (byte)'\r';
            buffer[at++] = (byte)'\n';
            csv.Text.Length = at;
        }

        /// <summary>yyyy-MM-ddTHH:mm:ss.fff; the date part is formatted once per day.</summary>
        [MethodImpl(HotPath.Options)]
        private static int WriteTime(CsvChunk csv, byte[] buffer, int at, long ticks)
        {
            if (ticks < 0 || ticks > DateTime.MaxValue.Ticks) throw PolarSampleLayout.InvalidResponse("a sample time is out of range", null);
            long day = ticks / TimeSpan.TicksPerDay;
            if (day != csv.CachedDay)
            {
                csv.CachedDay = day;
                Encoding.ASCII.GetBytes(new DateTime(day * TimeSpan.TicksPerDay).ToString("yyyy-MM-dd'T'", CultureInfo.InvariantCulture), 0, 11, csv.CachedDate, 0);
            }
            csv.CachedDate.AsSpan().CopyTo(new Span<byte>(buffer, at, 11));
            at += 11;
            long timeOfDay = ticks - day * TimeSpan.TicksPerDay;
            int milliseconds = (int)(timeOfDay / TimeSpan.TicksPerMillisecond);
            int hours = milliseconds / 3600000;
            int minutes = milliseconds / 60000 % 60;
            int seconds = milliseconds / 1000 % 60;
            int fraction = milliseconds % 1000;
            buffer[at++] = (byte)('0' + hours / 10);
            buffer[at++] = (byte)('0' + hours % 10);
            buffer[at++] = (byte)':';
            buffer[at++] = (byte)('0' + minutes / 10);
            buffer[at++] = (byte)('0' + minutes % 10);
            buffer[at++] = (byte)':';
            buffer[at++] = (byte)('0' + seconds / 10);
            buffer[at++] = (byte)('0' + seconds % 10);
            buffer[at++] = (byte)'.';
            buffer[at++] = (byte)('0' + fraction / 100);
            buffer[at++] = (byte)('0' + fraction / 10 % 10);
            buffer[at++] = (byte)('0' + fraction % 10);
            return at;
        }

        internal static int FormatDouble(double value, Span<byte> destination)
        {
#if NET8_0_OR_GREATER
            value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
            return written;
#else
            string text = RoundTripNumber.Format(value);
            for (int i = 0; i < text.Length; i++) destination[i] = (byte)text[i];
            return text.Length;
#endif
        }

        /// <summary>"team_session_id,player_session_id,player_id," for every row of a session, escaped once.</summary>
        private static byte[] Prefix(string? teamSessionId, string playerSessionId, string? playerId)
        {
            var builder = new StringBuilder();
            AppendField(builder, teamSessionId).Append(',');
            AppendField(builder, playerSessionId).Append(',');
            AppendField(builder, playerId).Append(',');
            return Encoding.UTF8.GetBytes(builder.ToString());
        }

        internal static StringBuilder AppendField(StringBuilder builder, string? value)
        {
            if (string.IsNullOrEmpty(value)) return builder;
            if (value!.IndexOfAny(new[] { ',', '"', '\r', '\n' }) < 0) return builder.Append(value);
            return builder.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
        }

        /// <summary>Records where each value of the current row is; a row's slots count when their stamp is the row's.</summary>
        private struct RowSink : IPolarSampleRowSink
        {
            private readonly CsvChunk _chunk;

            public RowSink(CsvChunk chunk)
            {
                _chunk = chunk;
                RowStamp = chunk.NextStamp;
            }

            public int RowStamp;

            public void BeginRow()
            {
                RowStamp = ++_chunk.NextStamp;
                _chunk.OffsetTicks = 0;
            }

            public void Offset(TimeSpan offset) => _chunk.OffsetTicks = offset.Ticks;

            [MethodImpl(HotPath.Options)]
            public void Number(PolarSampleColumn column, byte[] json, int start, int length, int shortest)
            {
                int slot = (int)column;
                CsvChunk chunk = _chunk;
                chunk.Stamps[slot] = RowStamp;
                chunk.RawLengths[slot] = shortest;
                if (shortest >= 0) chunk.RawStarts[slot] = start;
                else chunk.Doubles[slot] = PolarSampleRows.ParseDouble(json, start, length);
            }
        }

        private sealed class CsvChunk : PolarSampleChunk
        {
            /// <summary>The session's CSV rows.</summary>
            public readonly PooledBytes Text = new PooledBytes();

            /// <summary>With gzip: the rows as deflate blocks (<see cref="Text"/> is then empty), the CRC-32 and length of the text.</summary>
            public readonly PooledBytes Compressed = new PooledBytes();
            public uint Crc;
            public long UncompressedLength;

            /// <summary>With gzip, while the session is encoded: where <see cref="Text"/> is compressed into <see cref="Compressed"/>.</summary>
            public GzipBlocks.Block? Deflating;

            public void StartDeflate() => Deflating = new GzipBlocks.Block(Compressed);

            /// <summary>Compresses the text so far and gives its segments back.</summary>
            public void DeflateText()
            {
                foreach (ArraySegment<byte> part in Text.Parts()) Deflating!.Append(part);
                Text.Clear();
            }

            public void EndDeflate()
            {
                Deflating?.Dispose();
                Deflating = null;
            }

            public readonly int[] Stamps = new int[PolarSampleColumns.SlotCount];
            public readonly int[] RawStarts = new int[PolarSampleColumns.SlotCount];
            public readonly int[] RawLengths = new int[PolarSampleColumns.SlotCount];
            public readonly double[] Doubles = new double[PolarSampleColumns.SlotCount];
            public readonly byte[] CachedDate = new byte[11];
            public long CachedDay = -1;
            public int NextStamp;
            public long OffsetTicks;

            internal override int Capacity => 0;

            internal override void Reset(string playerSessionId)
            {
                base.Reset(playerSessionId);
                ReturnMemory();
                Crc = 0;
                UncompressedLength = 0;
                if (NextStamp > 1 << 30)
                {
                    Array.Clear(Stamps, 0, Stamps.Length);
                    NextStamp = 0;
                }
            }

            internal override void ReturnMemory()
            {
                EndDeflate();
                Text.Clear();
                Compressed.Clear();
            }
        }
    }
}
