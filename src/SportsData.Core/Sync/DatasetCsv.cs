using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Text;
using SportsData.IO;
using Sylvan.Data.Csv;

namespace SportsData.Sync
{
    /// <summary>
    /// The CSV rules every dataset file follows, for all vendors: UTF-8 without BOM (with one when asked: -Encoding Utf8Bom), RFC 4180 quoting, <c>\r\n</c>,
    /// invariant culture, a header row, empty for null, ISO 8601 times with milliseconds (local times without offset,
    /// UTC with <c>Z</c>). A path ending in <c>.gz</c> is gzip-compressed. Reading and writing go through Sylvan.Data.Csv.
    /// </summary>
    public static class DatasetCsv
    {
        public const string NewLine = "\r\n";

        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <summary>The UTF-8 byte-order mark (EF BB BF) that -Encoding Utf8Bom puts at the start of a .csv file.</summary>
        public static readonly byte[] ByteOrderMark = { 0xEF, 0xBB, 0xBF };

        /// <summary>Writes <see cref="ByteOrderMark"/> to <paramref name="destination"/>.</summary>
        public static void WriteByteOrderMark(Stream destination) => destination.Write(ByteOrderMark, 0, ByteOrderMark.Length);

        /// <summary>True when the (decompressed) file at <paramref name="path"/> starts with a UTF-8 byte-order mark.</summary>
        public static bool StartsWithByteOrderMark(string path)
        {
            using Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using Stream source = IsCompressed(path) ? new GZipStream(file, CompressionMode.Decompress) : file;
            var start = new byte[3];
            int read = 0, n;
            while (read < 3 && (n = source.Read(start, read, 3 - read)) > 0) read += n;
            return read == 3 && start[0] == 0xEF && start[1] == 0xBB && start[2] == 0xBF;
        }

        /// <summary>Sylvan writer settings for the dataset rules (quotes only where RFC 4180 needs them).</summary>
        public static CsvDataWriterOptions WriterOptions => new CsvDataWriterOptions
        {
            NewLine = NewLine,
            Delimiter = ',',
            Quote = '"',
            Escape = '"',
            WriteHeaders = true,
            Culture = CultureInfo.InvariantCulture,
        };

        /// <summary>True when files at <paramref name="path"/> are gzip-compressed (the name ends in ".gz").</summary>
        public static bool IsCompressed(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Writes a header row and <paramref name="rows"/> (one value per column, null = empty) to
        /// <paramref name="destination"/> (left open), gzip-compressed when <paramref name="compress"/>.
        /// Rows are pulled one at a time, so a large enumeration is streamed. Returns the number of rows.
        /// </summary>
        public static long Write(Stream destination, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows, bool compress)
        {
            Stream target = compress ? new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true) : destination;
            try
            {
                using var text = new StreamWriter(target, Utf8NoBom, 1 << 16, leaveOpen: true);
                using var reader = new TextRowDataReader(columns, rows);
                using (CsvDataWriter writer = CsvDataWriter.Create(text, WriterOptions))
                {
                    writer.Write(reader);
                }
                text.Flush();
                return reader.RowsRead;
            }
            finally
            {
                if (compress) target.Dispose();
            }
        }

        /// <summary>Reads every record of a dataset CSV file (header first), decompressing ".gz" files.</summary>
        public static IEnumerable<string[]> ReadRecords(string path)
        {
            using Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using Stream source = IsCompressed(path) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var text = new StreamReader(source, Utf8NoBom, detectEncodingFromByteOrderMarks: true);
            using CsvDataReader reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = false, Culture = CultureInfo.InvariantCulture });
            while (reader.Read())
            {
                var record = new string[reader.RowFieldCount];
                for (int i = 0; i < record.Length; i++) record[i] = reader.GetString(i);
                yield return record;
            }
        }

        /// <summary>A local (wall-clock) time: <c>yyyy-MM-ddTHH:mm:ss.fff</c>, no offset.</summary>
        public static string? LocalTime(DateTime? value) =>
            value?.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

        /// <summary>A UTC instant: <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>. Local-kind values are converted to UTC first.</summary>
        public static string? UtcTime(DateTime? value)
        {
            if (value == null) return null;
            DateTime utc = value.Value.Kind == DateTimeKind.Local ? value.Value.ToUniversalTime() : value.Value;
            return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        /// <summary>A UTC instant from an offset time: <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
        public static string? UtcTime(DateTimeOffset? value) =>
            value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        /// <summary>A number in the invariant culture, shortest round-trip form (the same text on every runtime).</summary>
        public static string? Number(double? value) => value == null ? null : RoundTripNumber.Format(value.Value);

        public static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

        /// <summary>A duration as whole milliseconds.</summary>
        public static string? Milliseconds(TimeSpan? value) =>
            value == null ? null : ((long)Math.Round(value.Value.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

        public static string? Boolean(bool? value) => value == null ? null : value.Value ? "true" : "false";
    }
}
