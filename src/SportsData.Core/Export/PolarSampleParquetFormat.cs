#if NET8_0_OR_GREATER
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using Parquet;
using Parquet.Schema;
using SportsData.Polar;

namespace SportsData.Export
{
    /// <summary>
    /// Parquet (Parquet.Net) with typed columns: team_session_id, player_session_id, player_id as strings
    /// (dictionary-encoded), time as a local timestamp in milliseconds (not adjusted to UTC: Polar records local
    /// wall-clock time), offset_ms as int32, each requested sample type as a nullable double. One row group per
    /// player session, written when the session is complete; zstd compression. Memory holds one session's columns.
    /// </summary>
    internal sealed class PolarSampleParquetFormat : IPolarSampleFormat
    {
        private readonly PolarSampleColumns _columns;
        private readonly Stream _destination;
        private readonly DataField _teamSessionId = new DataField("team_session_id", typeof(string), isNullable: true);
        private readonly DataField _playerSessionId = new DataField("player_session_id", typeof(string), isNullable: false);
        private readonly DataField _playerId = new DataField("player_id", typeof(string), isNullable: true);
        private readonly DateTimeDataField _time = new DateTimeDataField("time", DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Millis, isNullable: true);
        private readonly DataField _offset = new DataField("offset_ms", typeof(int), isNullable: false);
        private readonly DataField[] _measures;
        private readonly ParquetSchema _schema;
        private ParquetWriter? _writer;

        public PolarSampleParquetFormat(PolarSampleColumns columns, Stream destination)
        {
            _columns = columns;
            _destination = destination;
            _measures = new DataField[columns.Sample.Length];
            for (int i = 0; i < _measures.Length; i++) _measures[i] = new DataField(columns.Names[PolarSampleColumns.FixedNames.Length + i], typeof(double), isNullable: true);
            var fields = new List<Field> { _teamSessionId, _playerSessionId, _playerId, _time, _offset };
            fields.AddRange(_measures);
            _schema = new ParquetSchema(fields);
        }

        public PolarSampleChunk NewChunk() => new ParquetChunk(_columns);

        public void Encode(PolarSampleChunk chunk, byte[] body, int length, string playerSessionId, string? playerId, string? teamSessionId)
        {
            var columns = (ParquetChunk)chunk;
            columns.Ids = (teamSessionId, playerSessionId, playerId);
            PolarSampleLayout layout = PolarSampleLayout.Scan(body, length);
            if (layout.ValuesStart < 0) return;
            var rows = new PolarSampleRows(body, layout);
            var sink = new RowSink(columns);
            int count = 0;
            DateTime? start = layout.StartTime;
            while (rows.Next(layout.Columns, ref sink))
            {
                long offsetTicks = columns.OffsetTicks;
                long milliseconds = offsetTicks / TimeSpan.TicksPerMillisecond;
                if (milliseconds > int.MaxValue || milliseconds < int.MinValue) throw PolarSampleRows.InvalidSamples("a sample offset is out of range");
                columns.Offsets[count] = (int)milliseconds;
                columns.Times[count] = start == null ? null : new DateTime(start.Value.Ticks + offsetTicks);
                count++;
                columns.EnsureRow(count);
                sink.Row = count;
            }
            columns.Rows = count;
        }

        public void Start(Stream output)
        {
            var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Optimal };
            // Offsets step by 100 ms: delta encoding stores almost nothing. Distances and coordinates (unique, slowly
            // changing doubles) compress better with their bytes split by position; the other samples repeat values and
            // do better plain (measured on simulator sessions: 6.4x smaller than the CSV, against 5.2x all plain).
            options.ColumnEncodingHints[_offset.Name] = EncodingHint.DeltaBinaryPacked;
            foreach (DataField measure in _measures)
            {
                if (measure.Name == "distance" || measure.Name == "latitude" || measure.Name == "longitude") options.ColumnEncodingHints[measure.Name] = EncodingHint.ByteSplitStream;
            }
            _writer = ParquetWriter.CreateAsync(_schema, output, options, append: false).GetAwaiter().GetResult();
        }

        public void Write(PolarSampleChunk chunk, Stream output)
        {
            var columns = (ParquetChunk)chunk;
            int rows = (int)columns.Rows;
            if (rows == 0) return;
            using ParquetRowGroupWriter group = _writer!.CreateRowGroup();
            group.WriteAsync(_teamSessionId, new Repeated(columns.Ids.TeamSessionId, rows), null).GetAwaiter().GetResult();
            group.WriteAsync(_playerSessionId, new Repeated(columns.Ids.PlayerSessionId, rows), null).GetAwaiter().GetResult();
            group.WriteAsync(_playerId, new Repeated(columns.Ids.PlayerId, rows), null).GetAwaiter().GetResult();
            group.WriteAsync(_time, new ReadOnlyMemory<DateTime?>(columns.Times, 0, rows), null, null, default).GetAwaiter().GetResult();
            group.WriteAsync(_offset, new ReadOnlyMemory<int>(columns.Offsets, 0, rows), null, null, default).GetAwaiter().GetResult();
            for (int i = 0; i < _measures.Length; i++)
            {
                group.WriteAsync(_measures[i], new ReadOnlyMemory<double?>(columns.Measures[i], 0, rows), null, null, default).GetAwaiter().GetResult();
            }
            group.CompleteValidate();
        }

        public void Complete(Stream output)
        {
            _writer?.DisposeAsync().AsTask().GetAwaiter().GetResult(); // the footer
            _writer = null;
        }

        public void Dispose()
        {
            // Without Complete there is no footer: the file is incomplete on purpose and is never renamed into place.
            _writer = null;
        }

        private struct RowSink : IPolarSampleRowSink
        {
            private readonly ParquetChunk _chunk;

            public RowSink(ParquetChunk chunk)
            {
                _chunk = chunk;
                Row = 0;
            }

            public int Row;

            public void BeginRow()
            {
                _chunk.OffsetTicks = 0;
                double?[][] measures = _chunk.Measures;
                for (int i = 0; i < measures.Length; i++) measures[i][Row] = null;
            }

            public void Offset(TimeSpan offset) => _chunk.OffsetTicks = offset.Ticks;

            public void Number(PolarSampleColumn column, byte[] json, int start, int length, int shortest)
            {
                int index = _chunk.MeasureIndex[(int)column];
                if (index >= 0) _chunk.Measures[index][Row] = PolarSampleRows.ParseDouble(json, start, length);
            }
        }

        private sealed class ParquetChunk : PolarSampleChunk
        {
            private int _capacity = 1024;

            public ParquetChunk(PolarSampleColumns columns)
            {
                MeasureIndex = new int[PolarSampleColumns.SlotCount];
                for (int i = 0; i < MeasureIndex.Length; i++) MeasureIndex[i] = Array.IndexOf(columns.Sample, (PolarSampleColumn)i);
                Measures = new double?[columns.Sample.Length][];
                for (int i = 0; i < Measures.Length; i++) Measures[i] = new double?[_capacity];
                Times = new DateTime?[_capacity];
                Offsets = new int[_capacity];
            }

            public readonly int[] MeasureIndex;
            public double?[][] Measures;
            public DateTime?[] Times;
            public int[] Offsets;
            public long OffsetTicks;
            public (string? TeamSessionId, string PlayerSessionId, string? PlayerId) Ids;

            internal override int Capacity => _capacity * (Measures.Length * 16 + 24);

            /// <summary>Room for row <paramref name="row"/> (0-based) to be filled next.</summary>
            public void EnsureRow(int row)
            {
                if (row < _capacity) return;
                _capacity *= 2;
                Array.Resize(ref Times, _capacity);
                Array.Resize(ref Offsets, _capacity);
                for (int i = 0; i < Measures.Length; i++) Array.Resize(ref Measures[i], _capacity);
            }
        }

        /// <summary>One value repeated for every row of a session (the id columns), without an array per session.</summary>
        private sealed class Repeated : IReadOnlyCollection<string>
        {
            private readonly string? _value;

            public Repeated(string? value, int count)
            {
                _value = value;
                Count = count;
            }

            public int Count { get; }

            public IEnumerator<string> GetEnumerator()
            {
                for (int i = 0; i < Count; i++) yield return _value!;
            }

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
#endif
