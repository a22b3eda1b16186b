using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Data.Common;

namespace SportsData.Sync
{
    /// <summary>Rows of text values (null = empty) as a forward-only DbDataReader, the input Sylvan's CSV writer takes.</summary>
    internal sealed class TextRowDataReader : DbDataReader, IDbColumnSchemaGenerator
    {
        private readonly IReadOnlyList<string> _columns;
        private readonly IEnumerator<IReadOnlyList<string?>> _rows;
        private IReadOnlyList<string?>? _current;

        public TextRowDataReader(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows)
        {
            _columns = columns;
            _rows = rows.GetEnumerator();
        }

        public long RowsRead { get; private set; }

        public ReadOnlyCollection<DbColumn> GetColumnSchema()
        {
            var columns = new List<DbColumn>(_columns.Count);
            for (int i = 0; i < _columns.Count; i++) columns.Add(new TextColumn(_columns[i], i));
            return columns.AsReadOnly();
        }

        private sealed class TextColumn : DbColumn
        {
            public TextColumn(string name, int ordinal)
            {
                ColumnName = name;
                ColumnOrdinal = ordinal;
                DataType = typeof(string);
                DataTypeName = "string";
                AllowDBNull = true;
            }
        }

        public override bool Read()
        {
            if (!_rows.MoveNext())
            {
                _current = null;
                return false;
            }
            _current = _rows.Current;
            if (_current.Count != _columns.Count) throw new InvalidOperationException($"A row has {_current.Count} values for {_columns.Count} columns.");
            RowsRead++;
            return true;
        }

        private string? Field(int ordinal) => (_current ?? throw new InvalidOperationException("No current row."))[ordinal];

        public override int FieldCount => _columns.Count;
        public override string GetName(int ordinal) => _columns[ordinal];
        public override int GetOrdinal(string name) { for (int i = 0; i < _columns.Count; i++) if (_columns[i] == name) return i; return -1; }
        public override Type GetFieldType(int ordinal) => typeof(string);
        public override string GetDataTypeName(int ordinal) => "string";
        public override bool IsDBNull(int ordinal) => Field(ordinal) == null;
        public override string GetString(int ordinal) => Field(ordinal) ?? string.Empty;
        public override object GetValue(int ordinal) => (object?)Field(ordinal) ?? DBNull.Value;
        public override int GetValues(object[] values) { int n = Math.Min(values.Length, FieldCount); for (int i = 0; i < n; i++) values[i] = GetValue(i); return n; }
        public override object this[int ordinal] => GetValue(ordinal);
        public override object this[string name] => GetValue(GetOrdinal(name));
        public override bool HasRows => true;
        public override bool IsClosed => false;
        public override int RecordsAffected => -1;
        public override int Depth => 0;
        public override bool NextResult() => false;
        public override IEnumerator GetEnumerator() => throw new NotSupportedException();
        public override bool GetBoolean(int ordinal) => throw new NotSupportedException();
        public override byte GetByte(int ordinal) => throw new NotSupportedException();
        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();
        public override char GetChar(int ordinal) => throw new NotSupportedException();
        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
        {
            string value = GetString(ordinal);
            if (buffer == null) return value.Length;
            int count = (int)Math.Max(0, Math.Min(length, value.Length - dataOffset));
            value.CopyTo((int)dataOffset, buffer, bufferOffset, count);
            return count;
        }
        public override DateTime GetDateTime(int ordinal) => throw new NotSupportedException();
        public override decimal GetDecimal(int ordinal) => throw new NotSupportedException();
        public override double GetDouble(int ordinal) => throw new NotSupportedException();
        public override float GetFloat(int ordinal) => throw new NotSupportedException();
        public override Guid GetGuid(int ordinal) => throw new NotSupportedException();
        public override short GetInt16(int ordinal) => throw new NotSupportedException();
        public override int GetInt32(int ordinal) => throw new NotSupportedException();
        public override long GetInt64(int ordinal) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _rows.Dispose();
            base.Dispose(disposing);
        }
    }
}
