#if NET8_0_OR_GREATER
using System;
using System.IO;
using System.Linq;
using Parquet;
using Parquet.Schema;

namespace SportsData.Database
{
    /// <summary>
    /// Streams one Parquet sample file (what Sync-PolarTeamPro -Format Parquet writes: string ids, a local timestamp,
    /// int32 offset_ms, nullable doubles) row by row, reading one row group at a time into column buffers that are
    /// reused, so memory stays flat whatever the file's size. Values are typed: nothing is formatted or parsed on
    /// the way to the database. The file's hash (its load record's version) is taken over the same open handle.
    /// </summary>
    internal sealed class ParquetSampleReader : ISampleFile
    {
        private readonly FileStream _file;
        private readonly ParquetReader _reader;
        private readonly ColumnBuffer[] _buffers;
        private int _group = -1;
        private int _groupRows;
        private int _row;

        public ParquetSampleReader(string path)
        {
            Path = path;
            _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
            try
            {
                _reader = Invalid(path, () => ParquetReader.CreateAsync(_file, null, leaveStreamOpen: true, default).GetAwaiter().GetResult());
                DataField[] fields = _reader.Schema.GetDataFields();
                if (_reader.Schema.Fields.Count != fields.Length || fields.Any(f => f.IsArray))
                {
                    throw FileInvalid(path, "it has nested or repeated columns; a sample file has one flat value per column");
                }
                Columns = fields.Select(f => f.Name).ToArray();
                _buffers = fields.Select(f => ColumnBuffer.For(path, f)).ToArray();
            }
            catch
            {
                _reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
                _file.Dispose();
                throw;
            }
        }

        public string Path { get; }

        public string[] Columns { get; }

        public long Rows { get; private set; }

        /// <summary>What the current row's value of a column is (and so which Get method reads it).</summary>
        public ParquetValueKind Kind(int column) => _buffers[column].Kind;

        public bool Read()
        {
            while (_row + 1 >= _groupRows)
            {
                if (_group + 1 >= _reader.RowGroupCount) return false;
                _group++;
                using ParquetRowGroupReader group = _reader.OpenRowGroupReader(_group);
                long count = group.RowGroup.NumRows;
                if (count > int.MaxValue) throw FileInvalid(Path, $"row group {_group} holds {count} rows");
                _groupRows = (int)count;
                _row = -1;
                foreach (ColumnBuffer buffer in _buffers) Invalid(Path, () => { buffer.Load(group, _groupRows); return true; });
            }
            _row++;
            Rows++;
            return true;
        }

        public bool IsNull(int column) => _buffers[column].IsNull(_row);

        public string? GetString(int column) => ((StringBuffer)_buffers[column]).Values[_row];

        public int GetInt32(int column) => ((ValueBuffer<int>)_buffers[column]).Get(_row);

        public long GetInt64(int column) => ((ValueBuffer<long>)_buffers[column]).Get(_row);

        public double GetDouble(int column) => ((ValueBuffer<double>)_buffers[column]).Get(_row);

        public bool GetBoolean(int column) => ((ValueBuffer<bool>)_buffers[column]).Get(_row);

        public DateTime GetDateTime(int column) => ((ValueBuffer<DateTime>)_buffers[column]).Get(_row);

        /// <summary>The value in the dataset's text form (as the CSV would hold it); empty for null.</summary>
        public string Text(int column)
        {
            if (IsNull(column)) return string.Empty;
            return Kind(column) switch
            {
                ParquetValueKind.String => GetString(column) ?? string.Empty,
                ParquetValueKind.Int32 => DatasetTypes.Format(GetInt32(column))!,
                ParquetValueKind.Int64 => DatasetTypes.Format(GetInt64(column))!,
                ParquetValueKind.Double => DatasetTypes.Format(GetDouble(column))!,
                ParquetValueKind.Boolean => DatasetTypes.Format(GetBoolean(column))!,
                _ => DatasetTypes.Format(GetDateTime(column))!,
            };
        }

        public string FinishHash()
        {
            _file.Position = 0;
            return DatasetFileReader.HashStream(_file);
        }

        public void Dispose()
        {
            _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _file.Dispose();
        }

        private static SportsDataException FileInvalid(string path, string why) =>
            new SportsDataException(ErrorIds.Publish.FileInvalid, FailureKind.InvalidData,
                $"{path} is not a Parquet sample file this module can load: {why}. Move it out of the dataset folder, or sync it again.", null)
            { ParameterName = "Path", Target = path };

        /// <summary>Parquet.Net's errors about a damaged or foreign file become this file's own error (the load goes on with the others).</summary>
        private static T Invalid<T>(string path, Func<T> read)
        {
            try
            {
                return read();
            }
            catch (Exception ex) when (ex is not IOException && ex is not SportsDataException && ex is not OperationCanceledException && ex is not OutOfMemoryException)
            {
                throw FileInvalid(path, ex.Message);
            }
        }

        /// <summary>One column's values for the current row group, in a buffer kept for the next.</summary>
        private abstract class ColumnBuffer(DataField field, ParquetValueKind kind)
        {
            public DataField Field { get; } = field;

            public ParquetValueKind Kind { get; } = kind;

            public abstract void Load(ParquetRowGroupReader group, int rows);

            public abstract bool IsNull(int row);

            public static ColumnBuffer For(string path, DataField field)
            {
                Type type = field.ClrType;
                if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>)) return new StringBuffer(field); // Parquet.Net 6 reads UTF-8 strings as ReadOnlyMemory<char> fields; read as strings
                if (type == typeof(int)) return new ValueBuffer<int>(field, ParquetValueKind.Int32);
                if (type == typeof(long)) return new ValueBuffer<long>(field, ParquetValueKind.Int64);
                if (type == typeof(double)) return new ValueBuffer<double>(field, ParquetValueKind.Double);
                if (type == typeof(bool)) return new ValueBuffer<bool>(field, ParquetValueKind.Boolean);
                if (type == typeof(DateTime)) return new ValueBuffer<DateTime>(field, ParquetValueKind.DateTime);
                throw FileInvalid(path, $"column '{field.Name}' is of type {type.Name}; a sample file's columns are strings, int32, int64, doubles, booleans or timestamps");
            }

            protected static T[] Ensure<T>(T[] buffer, int rows) => buffer.Length >= rows ? buffer : new T[rows];
        }

        private sealed class StringBuffer : ColumnBuffer
        {
            public string?[] Values = Array.Empty<string?>();

            public StringBuffer(DataField field)
                : base(field, ParquetValueKind.String)
            {
            }

            public override void Load(ParquetRowGroupReader group, int rows)
            {
                Values = Ensure(Values, rows);
                group.ReadAsync(Field, new Memory<string?>(Values, 0, rows), null, default).GetAwaiter().GetResult();
            }

            public override bool IsNull(int row) => Values[row] == null;
        }

        private sealed class ValueBuffer<T> : ColumnBuffer
            where T : struct
        {
            private T[] _values = Array.Empty<T>();
            private T?[] _nullable = Array.Empty<T?>();

            public ValueBuffer(DataField field, ParquetValueKind kind)
                : base(field, kind)
            {
            }

            public override void Load(ParquetRowGroupReader group, int rows)
            {
                if (Field.IsNullable)
                {
                    _nullable = Ensure(_nullable, rows);
                    group.ReadAsync<T>(Field, new Memory<T?>(_nullable, 0, rows), null, default).GetAwaiter().GetResult();
                }
                else
                {
                    _values = Ensure(_values, rows);
                    group.ReadAsync<T>(Field, new Memory<T>(_values, 0, rows), null, default).GetAwaiter().GetResult();
                }
            }

            public override bool IsNull(int row) => Field.IsNullable && !_nullable[row].HasValue;

            public T Get(int row) => Field.IsNullable ? _nullable[row]!.Value : _values[row];
        }
    }

    internal enum ParquetValueKind
    {
        String,
        Int32,
        Int64,
        Double,
        Boolean,
        DateTime,
    }
}
#endif
