#if NET8_0_OR_GREATER
using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Sylvan.Data.Csv;

namespace SportsData.Database
{
    /// <summary>
    /// Streams one dataset CSV file (".gz" decompressed) row by row, and hashes the file's bytes as they are read,
    /// so loading a file and learning its version is one pass. Values are spans into the reader's buffer; ids that
    /// repeat on every row (a session's samples) are turned into one string, not one per row.
    /// </summary>
    internal sealed class DatasetFileReader : ISampleFile
    {
        private readonly HashingStream _hashing;
        private readonly CsvDataReader _csv;
        private readonly string?[] _lastText;

        public DatasetFileReader(string path)
        {
            Path = path;
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            _hashing = new HashingStream(file);
            Stream source = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(_hashing, CompressionMode.Decompress) : _hashing;
            var text = new StreamReader(source, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, 1 << 16);
            _csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, Culture = CultureInfo.InvariantCulture, BufferSize = 1 << 16, OwnsReader = true });
            Columns = new string[_csv.FieldCount];
            for (int i = 0; i < Columns.Length; i++) Columns[i] = _csv.GetName(i);
            _lastText = new string?[Columns.Length];
        }

        public string Path { get; }

        /// <summary>The header's column names, in file order.</summary>
        public string[] Columns { get; }

        public long Rows { get; private set; }

        public bool Read()
        {
            if (!_csv.Read()) return false;
            Rows++;
            return true;
        }

        /// <summary>The current row's value of a column; empty for a short row's missing fields.</summary>
        public ReadOnlySpan<char> Span(int column) => column < _csv.RowFieldCount ? _csv.GetFieldSpan(column) : ReadOnlySpan<char>.Empty;

        /// <summary>The value as a string; the same string as the previous row's when the value repeats.</summary>
        public string Text(int column)
        {
            ReadOnlySpan<char> span = Span(column);
            string? last = _lastText[column];
            if (last != null && span.SequenceEqual(last)) return last;
            string text = span.ToString();
            _lastText[column] = text;
            return text;
        }

        /// <summary>
        /// Reads to the end (so every byte is hashed) and returns the hash of the file's bytes: the version a load
        /// record keeps. XXH128: a content fingerprint, not a secret, and fast enough not to slow a load.
        /// </summary>
        public string FinishHash()
        {
            while (_csv.Read()) Rows++;
            byte[] rest = new byte[1 << 16];
            while (_hashing.Read(rest, 0, rest.Length) > 0) { }
            return HashPrefix + Convert.ToHexString(_hashing.Hash());
        }

        private const string HashPrefix = "xxh128:";

        /// <summary>The hash of a file's bytes (as <see cref="FinishHash"/>) without parsing it.</summary>
        public static string HashFile(string path)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return HashStream(file);
        }

        /// <summary>The hash of a stream's bytes from its current position to its end, in the form <see cref="HashFile"/> gives.</summary>
        public static string HashStream(Stream stream)
        {
            var hash = new XxHash128();
            hash.Append(stream);
            return HashPrefix + Convert.ToHexString(hash.GetCurrentHash());
        }

        public void Dispose() => _csv.Dispose();

        private sealed class HashingStream : Stream
        {
            private readonly Stream _inner;
            private readonly XxHash128 _hash = new XxHash128();

            public HashingStream(Stream inner) => _inner = inner;

            public byte[] Hash() => _hash.GetCurrentHash();

            public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

            public override int Read(Span<byte> buffer)
            {
                int read = _inner.Read(buffer);
                if (read > 0) _hash.Append(buffer.Slice(0, read));
                return read;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => _inner.Length;
            public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _inner.Dispose();
                }
                base.Dispose(disposing);
            }
        }
    }
}
#endif
