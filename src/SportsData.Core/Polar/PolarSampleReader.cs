using System;
using System.Collections.Generic;

namespace SportsData.Polar
{
    /// <summary>
    /// Reads a player session response's samples without building a document: <see cref="PolarSampleLayout"/>
    /// finds start_time and where "samples" is, then rows are read in batches straight into <see cref="PolarSample"/>
    /// objects by <see cref="PolarSampleRows"/> (the same row rules as the file writer).
    /// </summary>
    internal sealed class PolarSampleReader
    {
        private readonly byte[] _json;
        private readonly int _length;
        private readonly PolarSampleLayout _layout;
        private readonly string _playerSessionId;
        private readonly string? _playerId;
        private readonly string? _teamSessionId;
        private PolarSampleRows _rows;

        private PolarSampleReader(byte[] json, int length, PolarSampleLayout layout, string playerSessionId, string? playerId, string? teamSessionId)
        {
            _json = json;
            _length = length;
            _layout = layout;
            _rows = new PolarSampleRows(json, layout);
            _playerSessionId = playerSessionId;
            _playerId = playerId;
            _teamSessionId = teamSessionId;
        }

        public DateTime? StartTime => _layout.StartTime;

        /// <summary>Finds the parts of the response the rows need. Works on the bytes of one response body.</summary>
        public static PolarSampleReader Open(byte[] json, int length, string playerSessionId, string? playerId, string? teamSessionId) =>
            new PolarSampleReader(json, length, PolarSampleLayout.Scan(json, length), playerSessionId, playerId, teamSessionId);

        /// <summary>Reads up to <paramref name="max"/> rows into <paramref name="output"/>; returns how many. 0 means the end.</summary>
        public int ReadBatch(List<PolarSample> output, int max)
        {
            var sink = new ObjectSink(this);
            int count = 0;
            while (count < max && _rows.Next(_layout.Columns, ref sink))
            {
                PolarSample sample = sink.Sample!;
                if (_layout.StartTime != null) sample.Time = _layout.StartTime.Value + sample.Offset;
                output.Add(sample);
                count++;
            }
            return count;
        }

        private struct ObjectSink : IPolarSampleRowSink
        {
            private readonly PolarSampleReader _owner;

            public ObjectSink(PolarSampleReader owner)
            {
                _owner = owner;
                Sample = null;
            }

            public PolarSample? Sample;

            public void BeginRow() =>
                Sample = new PolarSample { PlayerSessionId = _owner._playerSessionId, PlayerId = _owner._playerId, TeamSessionId = _owner._teamSessionId };

            public void Offset(TimeSpan offset) => Sample!.Offset = offset;

            public void Number(PolarSampleColumn column, byte[] json, int start, int length, int shortest)
            {
                double value = PolarSampleRows.ParseDouble(json, start, length);
                PolarSample sample = Sample!;
                switch (column)
                {
                    case PolarSampleColumn.Distance: sample.Distance = value; break;
                    case PolarSampleColumn.HeartRate: sample.HeartRate = value; break;
                    case PolarSampleColumn.Speed: sample.Speed = value; break;
                    case PolarSampleColumn.Cadence: sample.Cadence = value; break;
                    case PolarSampleColumn.Latitude: sample.Latitude = value; break;
                    case PolarSampleColumn.Longitude: sample.Longitude = value; break;
                    case PolarSampleColumn.Altitude: sample.Altitude = value; break;
                    case PolarSampleColumn.ForwardAcceleration: sample.ForwardAcceleration = value; break;
                    case PolarSampleColumn.Power: sample.Power = value; break;
                    case PolarSampleColumn.RR: sample.RR = value; break;
                }
            }
        }
    }
}
