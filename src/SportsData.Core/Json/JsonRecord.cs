using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace SportsData.Json
{
    /// <summary>
    /// Reads one JSON object into a typed model without reflection, tolerating the vendors' quirks
    /// (numbers as text, integers sent as decimals, missing or null fields), and keeps every field the
    /// model did not read so nothing the API sends is lost.
    /// </summary>
    public sealed class JsonRecord
    {
        private readonly JsonElement _element;
        private readonly HashSet<string> _read = new HashSet<string>(StringComparer.Ordinal);

        public JsonRecord(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new SportsDataException(ErrorIds.InvalidResponse, FailureKind.InvalidData, $"Expected a JSON object, found {element.ValueKind}.");
            }
            _element = element;
        }

        public JsonElement Element => _element;

        public bool Has(string name) => _element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null;

        public JsonElement? Raw(string name)
        {
            _read.Add(name);
            return _element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? value : (JsonElement?)null;
        }

        /// <summary>Marks fields as handled elsewhere so they are not copied into the extra-field bag.</summary>
        public void Ignore(params string[] names)
        {
            foreach (string name in names) _read.Add(name);
        }

        public string? String(string name)
        {
            JsonElement? value = Raw(name);
            if (value == null) return null;
            return value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : value.Value.GetRawText();
        }

        public string RequiredString(string name) =>
            String(name) ?? throw new SportsDataException(ErrorIds.InvalidResponse, FailureKind.InvalidData, $"The response has no '{name}' field.");

        public double? Double(string name)
        {
            JsonElement? value = Raw(name);
            if (value == null) return null;
            if (value.Value.ValueKind == JsonValueKind.Number) return value.Value.GetDouble();
            if (value.Value.ValueKind == JsonValueKind.String &&
                double.TryParse(value.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)) return parsed;
            return null;
        }

        /// <summary>An integer; a decimal value is rounded (Polar types some decimals as integer).</summary>
        public int? Int(string name)
        {
            double? value = Double(name);
            return value == null ? (int?)null : (int)Math.Round(value.Value, MidpointRounding.AwayFromZero);
        }

        public long? Long(string name)
        {
            double? value = Double(name);
            return value == null ? (long?)null : (long)Math.Round(value.Value, MidpointRounding.AwayFromZero);
        }

        /// <summary>A time that ends in Z or carries an offset, as a UTC <see cref="DateTime"/>.</summary>
        public DateTime? UtcDateTime(string name) => ParseUtc(String(name));

        /// <summary>A time text that ends in Z or carries an offset (none: UTC), as a UTC <see cref="DateTime"/>; null when missing or not a time.</summary>
        public static DateTime? ParseUtc(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime value)
                ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
                : (DateTime?)null;
        }

        /// <summary>A local time without offset, kept as recorded (<see cref="DateTimeKind.Unspecified"/>).</summary>
        public DateTime? LocalDateTime(string name)
        {
            string? text = String(name);
            if (string.IsNullOrEmpty(text)) return null;
            if (LocalDateTimeConverter.HasOffset(text!) &&
                DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset withOffset))
            {
                return DateTime.SpecifyKind(withOffset.DateTime, DateTimeKind.Unspecified);
            }
            return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime value)
                ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified)
                : (DateTime?)null;
        }

        public TimeSpan? IsoDurationValue(string name)
        {
            string? text = String(name);
            if (string.IsNullOrEmpty(text)) return null;
            return IsoDuration.TryParse(text.AsSpan(), out TimeSpan value) ? value : (TimeSpan?)null;
        }

        public TimeSpan? Milliseconds(string name)
        {
            double? value = Double(name);
            return value == null ? (TimeSpan?)null : TimeSpan.FromTicks((long)(value.Value * TimeSpan.TicksPerMillisecond));
        }

        public TimeSpan? Seconds(string name)
        {
            double? value = Double(name);
            return value == null ? (TimeSpan?)null : TimeSpan.FromTicks((long)(value.Value * TimeSpan.TicksPerSecond));
        }

        public IEnumerable<JsonRecord> Objects(string name)
        {
            JsonElement? value = Raw(name);
            if (value == null || value.Value.ValueKind != JsonValueKind.Array) yield break;
            foreach (JsonElement item in value.Value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object) yield return new JsonRecord(item);
            }
        }

        public JsonRecord? Object(string name)
        {
            JsonElement? value = Raw(name);
            return value != null && value.Value.ValueKind == JsonValueKind.Object ? new JsonRecord(value.Value) : null;
        }

        /// <summary>Every field not read by the mapper, as plain .NET values (nested objects as dictionaries).</summary>
        public IDictionary<string, object?> Remaining()
        {
            var extra = new FieldMap();
            foreach (JsonProperty property in _element.EnumerateObject())
            {
                if (!_read.Contains(property.Name)) extra[property.Name] = ToPlain(property.Value);
            }
            return extra;
        }

        /// <summary>Turns JSON into strings, numbers, booleans, arrays and ordered dictionaries for PowerShell.</summary>
        public static object? ToPlain(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String: return value.GetString();
                case JsonValueKind.Number:
                    if (value.TryGetInt64(out long whole)) return whole;
                    return value.GetDouble();
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.Array:
                    var list = new List<object?>();
                    foreach (JsonElement item in value.EnumerateArray()) list.Add(ToPlain(item));
                    return list.ToArray();
                case JsonValueKind.Object:
                    var map = new FieldMap();
                    foreach (JsonProperty property in value.EnumerateObject()) map[property.Name] = ToPlain(property.Value);
                    return map;
                default: return null;
            }
        }
    }
}
