using System;
using System.Collections.Generic;
using System.Text.Json;
using SportsData.Json;

namespace SportsData.Polar
{
    /// <summary>What a sample value at a row position means.</summary>
    internal enum PolarSampleColumn { Ignore, HeartRate, Speed, Distance, Latitude, Longitude, Altitude, Cadence, ForwardAcceleration, Power, RR }

    /// <summary>Receives the values of one sample row as <see cref="PolarSampleRows.Next"/> reads it.</summary>
    internal interface IPolarSampleRowSink
    {
        void BeginRow();

        void Offset(TimeSpan offset);

        /// <summary>The reader is on a number token for <paramref name="column"/>; a later value for the same column wins.</summary>
        void Number(PolarSampleColumn column, ref Utf8JsonReader reader);
    }

    /// <summary>
    /// Where the sample rows of one player session response are and how to read them: one pass over the body
    /// (the whole body is tokenised, so a cut or broken body fails here, before any row is used) finds start_time,
    /// "fields" and where "values" starts. Field order in the response does not matter.
    /// </summary>
    internal sealed class PolarSampleLayout
    {
        private PolarSampleLayout(PolarSampleColumn[] columns, int valuesStart, DateTime? startTime)
        {
            Columns = columns;
            ValuesStart = valuesStart;
            StartTime = startTime;
        }

        /// <summary>Row position to column; position 0 is always the offset.</summary>
        public PolarSampleColumn[] Columns { get; }

        /// <summary>Index of the '[' of "values" in the body, or -1 when the body has no rows.</summary>
        public int ValuesStart { get; }

        public DateTime? StartTime { get; }

        public static PolarSampleLayout Scan(byte[] json, int length)
        {
            try
            {
                return ScanCore(json, length);
            }
            catch (JsonException ex)
            {
                throw InvalidResponse("the response is not complete JSON (" + ex.Message + ")", ex);
            }
        }

        /// <summary>Reads the whole body as the writer and Get-PolarSample would (layout and every row); throws what they would throw.</summary>
        public static void Validate(byte[] json, int length)
        {
            if (length == 0) throw InvalidResponse("the response is empty", null);
            PolarSampleLayout layout = Scan(json, length);
            if (layout.ValuesStart < 0) return;
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(json, layout.ValuesStart, length - layout.ValuesStart), isFinalBlock: true, state: default);
            var sink = default(DiscardingSink);
            while (PolarSampleRows.Next(ref reader, layout.Columns, ref sink)) { }
        }

        private struct DiscardingSink : IPolarSampleRowSink
        {
            public void BeginRow() { }

            public void Offset(TimeSpan offset) { }

            public void Number(PolarSampleColumn column, ref Utf8JsonReader reader) { }
        }

        private static PolarSampleLayout ScanCore(byte[] json, int length)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(json, 0, length), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            DateTime? startTime = null;
            var fields = new List<string>();
            int valuesStart = -1;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw InvalidResponse("the response is not a JSON object", null);

            // The details are under "data" (documented); accept them at the top level too.
            bool inData = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth <= (inData ? 1 : 0))
                {
                    if (inData) { inData = false; continue; }
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
                    if (reader.TokenType == JsonTokenType.String) startTime = ParseLocal(reader.GetString());
                    else reader.Skip();
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
                            fields.Clear();
                            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                            {
                                if (reader.TokenType == JsonTokenType.StartArray || reader.TokenType == JsonTokenType.StartObject) reader.Skip();
                                fields.Add(reader.TokenType == JsonTokenType.String ? reader.GetString() ?? string.Empty : string.Empty);
                            }
                        }
                        else if (reader.ValueTextEquals("values"))
                        {
                            reader.Read();
                            valuesStart = reader.TokenType == JsonTokenType.StartArray ? (int)reader.TokenStartIndex : -1;
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
            if (reader.CurrentDepth != 0 || reader.TokenType != JsonTokenType.EndObject) throw InvalidResponse("the response ends before its closing brace", null);
            if (reader.Read()) throw InvalidResponse("the response has data after its closing brace", null); // Read throws first for anything but whitespace
            return new PolarSampleLayout(MapColumns(fields), valuesStart, startTime);
        }

        /// <summary>Row position to column. "time" is the first value of every row; if "fields" omits it, fields start at position 1.</summary>
        private static PolarSampleColumn[] MapColumns(List<string> fields)
        {
            int offset = fields.Count > 0 && string.Equals(fields[0], "time", StringComparison.OrdinalIgnoreCase) ? 0 : 1;
            var columns = new PolarSampleColumn[fields.Count + offset];
            for (int i = 0; i < fields.Count; i++)
            {
                columns[i + offset] = fields[i].ToLowerInvariant() switch
                {
                    "distance" => PolarSampleColumn.Distance,
                    "hr" => PolarSampleColumn.HeartRate,
                    "speed" => PolarSampleColumn.Speed,
                    "cadence" => PolarSampleColumn.Cadence,
                    "lat" => PolarSampleColumn.Latitude,
                    "latitude" => PolarSampleColumn.Latitude,
                    "lon" => PolarSampleColumn.Longitude,
                    "longitude" => PolarSampleColumn.Longitude,
                    "altitude" => PolarSampleColumn.Altitude,
                    "forward_acceleration" => PolarSampleColumn.ForwardAcceleration,
                    "power" => PolarSampleColumn.Power,
                    "rr" => PolarSampleColumn.RR,
                    _ => PolarSampleColumn.Ignore,
                };
            }
            if (columns.Length > 0) columns[0] = PolarSampleColumn.Ignore;
            return columns;
        }

        private static DateTime? ParseLocal(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            return DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out DateTime value)
                ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified)
                : (DateTime?)null;
        }

        internal static SportsDataException InvalidResponse(string what, Exception? inner) =>
            new SportsDataException("PolarApi.InvalidResponse", FailureKind.InvalidData, "Polar answered with a player session that could not be read: " + what + ".", inner);
    }

    /// <summary>
    /// The one definition of how a sample row reads, shared by <see cref="PolarSampleReader"/> (objects) and the
    /// file writer (bytes), so both give the same values: position 0 is the offset (ISO 8601 duration or seconds),
    /// then values by position from "fields"; rows shorter than "fields" leave the rest null, extra values are
    /// ignored, non-numbers (null, text) are null, nested arrays/objects are skipped.
    /// </summary>
    internal static class PolarSampleRows
    {
        /// <summary>
        /// Reads the next row into <paramref name="sink"/>. The reader starts at the "values" array (or inside it, on a
        /// later call); returns false at the end of the array.
        /// </summary>
        public static bool Next<TSink>(ref Utf8JsonReader reader, PolarSampleColumn[] columns, ref TSink sink) where TSink : IPolarSampleRowSink
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0)
                {
                    if (reader.TokenType == JsonTokenType.EndArray) return false;
                    continue; // the opening '[' of "values"
                }
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType != JsonTokenType.StartArray) continue;
                sink.BeginRow();
                int position = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    JsonTokenType token = reader.TokenType;
                    if (token == JsonTokenType.StartArray || token == JsonTokenType.StartObject)
                    {
                        reader.Skip();
                    }
                    else if (position == 0)
                    {
                        if (token == JsonTokenType.String) sink.Offset(ParseOffset(ref reader));
                        else if (token == JsonTokenType.Number) sink.Offset(TimeSpan.FromSeconds(reader.GetDouble()));
                    }
                    else if (position < columns.Length && token == JsonTokenType.Number)
                    {
                        PolarSampleColumn column = columns[position];
                        if (column != PolarSampleColumn.Ignore) sink.Number(column, ref reader);
                    }
                    position++;
                }
                return true;
            }
            return false;
        }

        private static TimeSpan ParseOffset(ref Utf8JsonReader reader)
        {
            ReadOnlySpan<byte> bytes = reader.HasValueSequence || reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString() ?? string.Empty) : reader.ValueSpan;
            if (bytes.Length > 64) throw InvalidSamples("a sample offset is too long");
            Span<char> chars = stackalloc char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++) chars[i] = (char)bytes[i];
            if (!IsoDuration.TryParse(chars, out TimeSpan value)) throw InvalidSamples("'" + chars.ToString() + "' is not an ISO 8601 offset");
            return value;
        }

        internal static SportsDataException InvalidSamples(string what) =>
            new SportsDataException("PolarApi.InvalidSamples", FailureKind.InvalidData, "Polar sample data could not be read: " + what + ".");
    }
}
