using System;
using System.Collections.Generic;
using System.Text.Json;
using SportsData.Json;

namespace SportsData.Polar
{
    /// <summary>
    /// Reads a player session response's samples without building a document: one pass finds start_time and
    /// where "samples" is, then rows are read in batches straight into <see cref="PolarSample"/> objects, mapped
    /// by position from "fields". Rows shorter than "fields" leave the missing columns null; extra values are
    /// ignored. Field order in the response does not matter.
    /// </summary>
    internal sealed class PolarSampleReader
    {
        private enum Column { Ignore, Distance, HeartRate, Speed, Cadence, Latitude, Longitude, Altitude, ForwardAcceleration, Power, RR }

        private readonly byte[] _json;
        private readonly int _length;
        private readonly Column[] _columns;
        private readonly DateTime? _startTime;
        private readonly string _playerSessionId;
        private readonly string? _playerId;
        private readonly string? _teamSessionId;
        private int _position;
        private JsonReaderState _state;
        private bool _finished;

        private PolarSampleReader(byte[] json, int length, Column[] columns, int valuesStart, DateTime? startTime, string playerSessionId, string? playerId, string? teamSessionId)
        {
            _json = json;
            _length = length;
            _columns = columns;
            _position = valuesStart;
            _startTime = startTime;
            _playerSessionId = playerSessionId;
            _playerId = playerId;
            _teamSessionId = teamSessionId;
            _finished = valuesStart < 0;
        }

        public DateTime? StartTime => _startTime;

        /// <summary>
        /// Finds the parts of the response the rows need, and checks that the whole body is one complete JSON object
        /// (a body cut short fails here, before any row is read). Works on the bytes of one response body.
        /// </summary>
        public static PolarSampleReader Open(byte[] json, int length, string playerSessionId, string? playerId, string? teamSessionId)
        {
            try
            {
                return OpenChecked(json, length, playerSessionId, playerId, teamSessionId);
            }
            catch (JsonException ex)
            {
                throw Invalid("the response is not valid JSON (" + ex.Message + ")", ex);
            }
        }

        private static PolarSampleReader OpenChecked(byte[] json, int length, string playerSessionId, string? playerId, string? teamSessionId)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(json, 0, length), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            DateTime? startTime = null;
            var fields = new List<string>();
            int valuesStart = -1;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Invalid("the response is not a JSON object");

            // The details are under "data" (documented); accept them at the top level too.
            bool inData = false;
            bool closed = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth <= (inData ? 1 : 0))
                {
                    if (inData) { inData = false; continue; }
                    closed = true;
                    break;
                }
                if (reader.TokenType != JsonTokenType.PropertyName) continue;
                int depth = reader.CurrentDepth;
                bool atSessionLevel = depth == (inData ? 2 : 1);
                if (!atSessionLevel) continue;
                if (!inData && depth == 1 && reader.ValueTextEquals("data"))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject) inData = true;
                    else reader.Skip();
                    continue;
                }
                if (reader.ValueTextEquals("start_time"))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        startTime = ParseLocal(reader.GetString());
                    }
                    continue;
                }
                if (reader.ValueTextEquals("samples"))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); continue; }
                    int samplesDepth = reader.CurrentDepth;
                    while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == samplesDepth))
                    {
                        if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != samplesDepth + 1) continue;
                        if (reader.ValueTextEquals("fields"))
                        {
                            reader.Read();
                            if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); continue; }
                            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                            {
                                fields.Add(reader.TokenType == JsonTokenType.String ? reader.GetString() ?? string.Empty : string.Empty);
                            }
                        }
                        else if (reader.ValueTextEquals("values"))
                        {
                            reader.Read();
                            if (reader.TokenType == JsonTokenType.StartArray) valuesStart = (int)reader.TokenStartIndex;
                            reader.Skip();
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                    continue;
                }
                reader.Read();
                reader.Skip();
            }
            // The whole body must be one complete JSON value: a body cut short (even after the samples) is not read.
            if (!closed || reader.Read()) throw Invalid("the response is not one complete JSON object (cut short?)");
            return new PolarSampleReader(json, length, MapColumns(fields), valuesStart, startTime, playerSessionId, playerId, teamSessionId);
        }

        /// <summary>Row position to column. "time" is the first value of every row; if "fields" omits it, fields start at position 1.</summary>
        private static Column[] MapColumns(List<string> fields)
        {
            int offset = fields.Count > 0 && string.Equals(fields[0], "time", StringComparison.OrdinalIgnoreCase) ? 0 : 1;
            var columns = new Column[fields.Count + offset];
            for (int i = 0; i < fields.Count; i++)
            {
                columns[i + offset] = fields[i].ToLowerInvariant() switch
                {
                    "distance" => Column.Distance,
                    "hr" => Column.HeartRate,
                    "speed" => Column.Speed,
                    "cadence" => Column.Cadence,
                    "lat" => Column.Latitude,
                    "latitude" => Column.Latitude,
                    "lon" => Column.Longitude,
                    "longitude" => Column.Longitude,
                    "altitude" => Column.Altitude,
                    "forward_acceleration" => Column.ForwardAcceleration,
                    "power" => Column.Power,
                    "rr" => Column.RR,
                    _ => Column.Ignore,
                };
            }
            if (columns.Length > 0) columns[0] = Column.Ignore;
            return columns;
        }

        /// <summary>Reads up to <paramref name="max"/> rows into <paramref name="output"/>; returns how many. 0 means the end.</summary>
        public int ReadBatch(List<PolarSample> output, int max)
        {
            if (_finished) return 0;
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_json, _position, _length - _position), isFinalBlock: true, _state);
            int count = 0;
            while (count < max && reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 0)
                {
                    _finished = true;
                    break;
                }
                if (reader.TokenType != JsonTokenType.StartArray || reader.CurrentDepth != 1)
                {
                    continue; // the opening '[' of "values" (depth 0) on the first batch
                }
                var sample = new PolarSample { PlayerSessionId = _playerSessionId, PlayerId = _playerId, TeamSessionId = _teamSessionId };
                int position = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (position == 0)
                    {
                        if (reader.TokenType == JsonTokenType.String) sample.Offset = ParseOffset(ref reader);
                        else if (reader.TokenType == JsonTokenType.Number) sample.Offset = TimeSpan.FromSeconds(reader.GetDouble());
                    }
                    else if (position < _columns.Length && reader.TokenType == JsonTokenType.Number)
                    {
                        Assign(sample, _columns[position], reader.GetDouble());
                    }
                    else if (reader.TokenType == JsonTokenType.StartArray || reader.TokenType == JsonTokenType.StartObject)
                    {
                        reader.Skip();
                    }
                    position++;
                }
                if (_startTime != null) sample.Time = _startTime.Value + sample.Offset;
                output.Add(sample);
                count++;
            }
            _position += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            if (count == 0) _finished = true;
            return count;
        }

        private static void Assign(PolarSample sample, Column column, double value)
        {
            switch (column)
            {
                case Column.Distance: sample.Distance = value; break;
                case Column.HeartRate: sample.HeartRate = value; break;
                case Column.Speed: sample.Speed = value; break;
                case Column.Cadence: sample.Cadence = value; break;
                case Column.Latitude: sample.Latitude = value; break;
                case Column.Longitude: sample.Longitude = value; break;
                case Column.Altitude: sample.Altitude = value; break;
                case Column.ForwardAcceleration: sample.ForwardAcceleration = value; break;
                case Column.Power: sample.Power = value; break;
                case Column.RR: sample.RR = value; break;
            }
        }

        private static TimeSpan ParseOffset(ref Utf8JsonReader reader)
        {
            ReadOnlySpan<byte> bytes = reader.HasValueSequence || reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString() ?? string.Empty) : reader.ValueSpan;
            if (bytes.Length > 64) throw Invalid("a sample offset is too long");
            Span<char> chars = stackalloc char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++) chars[i] = (char)bytes[i];
            if (!IsoDuration.TryParse(chars, out TimeSpan value)) throw Invalid("'" + chars.ToString() + "' is not an ISO 8601 offset");
            return value;
        }

        private static DateTime? ParseLocal(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            return DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out DateTime value)
                ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified)
                : (DateTime?)null;
        }

        private static SportsDataException Invalid(string what, Exception? inner = null) =>
            new SportsDataException("PolarApi.InvalidSamples", FailureKind.InvalidData, "Polar sample data could not be read: " + what + ".", inner);
    }
}
