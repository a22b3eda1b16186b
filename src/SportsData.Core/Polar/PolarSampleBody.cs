using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
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

        /// <summary>
        /// A JSON number for <paramref name="column"/> at json[start..start+length); a later value for the same column wins.
        /// <paramref name="shortest"/>: the length of its shortest spelling (a prefix of it: trailing fraction zeros dropped), or -1 when it must be parsed.
        /// </summary>
        void Number(PolarSampleColumn column, byte[] json, int start, int length, int shortest);
    }

    /// <summary>
    /// Where the sample rows of one player session response are and how to read them. The structure around the
    /// rows is read with Utf8JsonReader (start_time, "fields", where "values" is; field order does not matter);
    /// the "values" array itself, which is nearly all of the body, is left to <see cref="PolarSampleRows"/> so the
    /// rows are tokenised once. A cut or broken body throws PolarApi.InvalidResponse (FailureKind.InvalidData).
    /// </summary>
    internal sealed class PolarSampleLayout
    {
        private static readonly byte[] EmptyArray = { (byte)'[', (byte)']' };

        private PolarSampleLayout(PolarSampleColumn[] columns, int valuesStart, int valuesEnd, DateTime? startTime)
        {
            Columns = columns;
            ValuesStart = valuesStart;
            ValuesEnd = valuesEnd;
            StartTime = startTime;
        }

        /// <summary>Row position to column; position 0 is always the offset.</summary>
        public PolarSampleColumn[] Columns { get; }

        /// <summary>Index of the '[' of "values" in the body, or -1 when the body has no rows.</summary>
        public int ValuesStart { get; }

        /// <summary>Index just after the ']' that closes "values".</summary>
        public int ValuesEnd { get; }

        public DateTime? StartTime { get; }

        public static PolarSampleLayout Scan(byte[] json, int length)
        {
            if (length == 0) throw InvalidResponse("the response is empty", null);
            try
            {
                // First find "values" and its end, then read the structure with the rows left out ("values":[]).
                var found = ScanCore(new ReadOnlySequence<byte>(json, 0, length), stopAtValues: true, elided: -1);
                if (found.ValuesStart < 0) return found;
                int valuesEnd = PolarSampleRows.FindArrayEnd(json, found.ValuesStart, length);
                var first = new Segment(new ReadOnlyMemory<byte>(json, 0, found.ValuesStart), 0);
                Segment last = first.Append(EmptyArray).Append(new ReadOnlyMemory<byte>(json, valuesEnd, length - valuesEnd));
                var layout = ScanCore(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), stopAtValues: false, elided: found.ValuesStart);
                return new PolarSampleLayout(layout.Columns, found.ValuesStart, valuesEnd, layout.StartTime);
            }
            catch (JsonException ex)
            {
                throw InvalidResponse("the response is not complete JSON (" + ex.Message + ")", ex);
            }
        }

        /// <summary>Reads the whole body as the writer and Get-PolarSample would (layout and every row); throws what they would throw.</summary>
        public static void Validate(byte[] json, int length)
        {
            PolarSampleLayout layout = Scan(json, length);
            var rows = new PolarSampleRows(json, layout);
            var sink = default(DiscardingSink);
            while (rows.Next(layout.Columns, ref sink)) { }
        }

        private struct DiscardingSink : IPolarSampleRowSink
        {
            public void BeginRow() { }

            public void Offset(TimeSpan offset) { }

            public void Number(PolarSampleColumn column, byte[] json, int start, int length, int shortest) { }
        }

        private static PolarSampleLayout ScanCore(ReadOnlySequence<byte> json, bool stopAtValues, int elided)
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
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
                            // The first "values" array counts (the one the rows are read from).
                            if (reader.TokenType == JsonTokenType.StartArray && valuesStart < 0 && (elided < 0 || reader.TokenStartIndex == elided))
                            {
                                valuesStart = (int)reader.TokenStartIndex;
                                if (stopAtValues) return new PolarSampleLayout(Array.Empty<PolarSampleColumn>(), valuesStart, -1, null);
                            }
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
            return new PolarSampleLayout(MapColumns(fields), valuesStart, -1, startTime);
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
            new SportsDataException(ErrorIds.Polar.InvalidResponse, FailureKind.InvalidData, "Polar answered with a player session that could not be read: " + what + ".", inner);

        private sealed class Segment : ReadOnlySequenceSegment<byte>
        {
            public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
            {
                Memory = memory;
                RunningIndex = runningIndex;
            }

            public Segment Append(ReadOnlyMemory<byte> memory)
            {
                var next = new Segment(memory, RunningIndex + Memory.Length);
                Next = next;
                return next;
            }
        }
    }

    /// <summary>
    /// The one definition of how sample rows read, shared by <see cref="PolarSampleReader"/> (objects) and the
    /// file writer (bytes), so both give the same values: position 0 is the offset (ISO 8601 duration or seconds),
    /// then values by position from "fields"; rows shorter than "fields" leave the rest null, extra values are
    /// ignored, non-numbers (null, text, true/false) are null, nested arrays/objects are skipped, elements of
    /// "values" that are not arrays are ignored. A strict JSON scanner over the bytes of the "values" array: no
    /// allocation per row or value.
    /// </summary>
    internal struct PolarSampleRows
    {
        private readonly byte[] _json;
        private readonly int _end;
        private int _position;
        private bool _started;
        private bool _finished;

        public PolarSampleRows(byte[] json, PolarSampleLayout layout)
        {
            _json = json;
            _position = layout.ValuesStart;
            _end = layout.ValuesEnd;
            _started = false;
            _finished = layout.ValuesStart < 0;
            if (!_finished) _position++; // past '['
        }

        /// <summary>Reads the next row into <paramref name="sink"/>; false at the end of "values".</summary>
        [MethodImpl(HotPath.Options)]
        public bool Next<TSink>(PolarSampleColumn[] columns, ref TSink sink) where TSink : IPolarSampleRowSink
        {
            byte[] json = _json;
            while (!_finished)
            {
                int i = SkipWhitespace(json, _position, _end);
                byte c = json[i];
                if (c == ']')
                {
                    if (i + 1 != _end) throw Broken(i);
                    _finished = true;
                    _position = i + 1;
                    return false;
                }
                if (_started)
                {
                    if (c != ',') throw Broken(i);
                    i = SkipWhitespace(json, i + 1, _end);
                    c = json[i];
                }
                _started = true;
                if (c != '[')
                {
                    _position = SkipValue(json, i, _end);
                    continue;
                }
                _position = ReadRow(json, i + 1, columns, ref sink);
                return true;
            }
            return false;
        }

        [MethodImpl(HotPath.Options)]
        private int ReadRow<TSink>(byte[] json, int i, PolarSampleColumn[] columns, ref TSink sink) where TSink : IPolarSampleRowSink
        {
            int end = _end;
            sink.BeginRow();
            i = SkipWhitespace(json, i, end);
            if (json[i] == ']') return i + 1;
            int position = 0;
            while (true)
            {
                byte c = json[i];
                if (c == '-' || (uint)(c - '0') <= 9)
                {
                    int numberEnd = ScanNumber(json, i, end, out int shortest);
                    if (position == 0) sink.Offset(TimeSpan.FromSeconds(ParseDouble(json, i, numberEnd - i)));
                    else if (position < columns.Length && columns[position] != PolarSampleColumn.Ignore) sink.Number(columns[position], json, i, numberEnd - i, shortest);
                    i = numberEnd;
                }
                else if (c == '"')
                {
                    int stringEnd = ScanString(json, i, end);
                    if (position == 0) sink.Offset(ParseOffset(json, i, stringEnd));
                    i = stringEnd;
                }
                else
                {
                    i = SkipValue(json, i, end); // null, true, false, nested array or object
                }
                position++;
                i = SkipWhitespace(json, i, end);
                c = json[i];
                if (c == ']') return i + 1;
                if (c != ',') throw Broken(i);
                i = SkipWhitespace(json, i + 1, end);
            }
        }

        /// <summary>Index just after the ']' matching the '[' at <paramref name="start"/>; brackets inside strings do not count.</summary>
        [MethodImpl(HotPath.Options)]
        public static int FindArrayEnd(byte[] json, int start, int length)
        {
            int depth = 0;
            int i = start;
            var span = new ReadOnlySpan<byte>(json, 0, length);
            while (i < length)
            {
                int next = span.Slice(i).IndexOfAny((byte)'"', (byte)'[', (byte)']');
                if (next < 0) break;
                i += next;
                byte c = json[i];
                if (c == '"')
                {
                    i = ScanString(json, i, length);
                    continue;
                }
                if (c == '[') depth++;
                else if (--depth == 0) return i + 1;
                i++;
            }
            throw PolarSampleLayout.InvalidResponse("the sample rows are cut off", null);
        }

        [MethodImpl(HotPath.Options)]
        internal static double ParseDouble(byte[] json, int start, int length)
        {
            // As Utf8JsonReader.GetDouble: the whole token, finite.
            if (Utf8Parser.TryParse(new ReadOnlySpan<byte>(json, start, length), out double value, out int consumed) && consumed == length && !double.IsNaN(value) && !double.IsInfinity(value)) return value;
            throw InvalidSamples("'" + Encoding.UTF8.GetString(json, start, Math.Min(length, 40)) + "' is not a number in range");
        }

        [MethodImpl(HotPath.Options)]
        private static int SkipWhitespace(byte[] json, int i, int end)
        {
            while (i < end)
            {
                byte c = json[i];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return i;
                i++;
            }
            throw PolarSampleLayout.InvalidResponse("the sample rows are cut off", null);
        }

        /// <summary>
        /// JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. <paramref name="shortest"/> is how many
        /// bytes spell the number in its shortest form (trailing fraction zeros and a bare '.' dropped: 94.0 -> 94) when
        /// that is a plain decimal of at most 15 digits, which always reads back to the same double; otherwise -1.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static int ScanNumber(byte[] json, int i, int end, out int shortest)
        {
            int start = i;
            if (json[i] == '-') i++;
            if (i >= end || (uint)(json[i] - '0') > 9) throw Broken(start);
            int integerStart = i;
            if (json[i] == '0') i++;
            else while (i < end && (uint)(json[i] - '0') <= 9) i++;
            int digits = i - integerStart;
            int shortEnd = i;
            if (i < end && json[i] == '.')
            {
                i++;
                int fractionStart = i;
                int lastNonZero = i - 1;
                while (i < end && (uint)(json[i] - '0') <= 9)
                {
                    if (json[i] != '0') lastNonZero = i;
                    i++;
                }
                if (i == fractionStart) throw Broken(start);
                if (lastNonZero >= fractionStart)
                {
                    digits += lastNonZero + 1 - fractionStart;
                    shortEnd = lastNonZero + 1;
                }
            }
            if (i < end && (json[i] | 0x20) == 'e')
            {
                i++;
                if (i < end && (json[i] == '+' || json[i] == '-')) i++;
                int exponentStart = i;
                while (i < end && (uint)(json[i] - '0') <= 9) i++;
                if (i == exponentStart) throw Broken(start);
                digits = int.MaxValue;
            }
            shortest = digits <= 15 ? shortEnd - start : -1;
            return i;
        }

        /// <summary>Index just after the closing quote of the string starting at <paramref name="i"/>.</summary>
        [MethodImpl(HotPath.Options)]
        private static int ScanString(byte[] json, int i, int end)
        {
            i++;
            while (i < end)
            {
                byte c = json[i];
                if (c == '"') return i + 1;
                if (c == '\\') i += 2;
                else if (c < 0x20) throw Broken(i);
                else i++;
            }
            throw PolarSampleLayout.InvalidResponse("the sample rows are cut off", null);
        }

        private static int SkipValue(byte[] json, int i, int end)
        {
            byte c = json[i];
            if (c == 'n') return Literal(json, i, end, "null");
            if (c == 't') return Literal(json, i, end, "true");
            if (c == 'f') return Literal(json, i, end, "false");
            if (c == '"') return ScanString(json, i, end);
            if (c == '-' || (uint)(c - '0') <= 9) return ScanNumber(json, i, end, out _);
            if (c == '[' || c == '{')
            {
                try
                {
                    var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(json, i, end - i), isFinalBlock: false, state: default);
                    if (!reader.Read() || !reader.TrySkip()) throw PolarSampleLayout.InvalidResponse("the sample rows are cut off", null);
                    return i + (int)reader.BytesConsumed;
                }
                catch (JsonException ex)
                {
                    throw PolarSampleLayout.InvalidResponse("a sample row is not JSON (" + ex.Message + ")", ex);
                }
            }
            throw Broken(i);
        }

        private static int Literal(byte[] json, int i, int end, string literal)
        {
            if (end - i < literal.Length) throw PolarSampleLayout.InvalidResponse("the sample rows are cut off", null);
            for (int k = 0; k < literal.Length; k++)
            {
                if (json[i + k] != literal[k]) throw Broken(i);
            }
            return i + literal.Length;
        }

        [MethodImpl(HotPath.Options)]
        private static TimeSpan ParseOffset(byte[] json, int start, int end)
        {
            int length = end - start - 2;
            if (length > 64) throw InvalidSamples("a sample offset is too long");
            Span<char> chars = stackalloc char[length];
            for (int k = 0; k < length; k++)
            {
                byte b = json[start + 1 + k];
                if (b == '\\' || b >= 0x80) return ParseEscapedOffset(json, start, end);
                chars[k] = (char)b;
            }
            if (!IsoDuration.TryParse(chars, out TimeSpan value)) throw InvalidSamples("'" + chars.ToString() + "' is not an ISO 8601 offset");
            return value;
        }

        private static TimeSpan ParseEscapedOffset(byte[] json, int start, int end)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(json, start, end - start));
            reader.Read();
            string text = reader.GetString() ?? string.Empty;
            if (!IsoDuration.TryParse(text.AsSpan(), out TimeSpan value)) throw InvalidSamples("'" + text + "' is not an ISO 8601 offset");
            return value;
        }

        private static SportsDataException Broken(int at) =>
            PolarSampleLayout.InvalidResponse("the sample rows are not JSON at byte " + at, null);

        internal static SportsDataException InvalidSamples(string what) =>
            new SportsDataException(ErrorIds.Polar.InvalidSamples, FailureKind.InvalidData, "Polar sample data could not be read: " + what + ".");
    }
}
