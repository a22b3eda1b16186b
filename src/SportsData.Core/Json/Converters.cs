using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SportsData.Json
{
    /// <summary>"PT4.2S" to <see cref="TimeSpan"/>; null stays null.</summary>
    public sealed class IsoDurationConverter : JsonConverter<TimeSpan?>
    {
        public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType == JsonTokenType.Number) return TimeSpan.FromSeconds(reader.GetDouble());
            string? text = reader.GetString();
            if (string.IsNullOrEmpty(text)) return null;
            return IsoDuration.TryParse(text.AsSpan(), out TimeSpan value) ? value : throw new JsonException($"'{text}' is not an ISO 8601 duration.");
        }

        public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
        {
            if (value == null) writer.WriteNullValue(); else writer.WriteStringValue(IsoDuration.Format(value.Value));
        }
    }

    /// <summary>Milliseconds as a number to <see cref="TimeSpan"/>.</summary>
    public sealed class MillisecondsConverter : JsonConverter<TimeSpan?>
    {
        public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType == JsonTokenType.String)
            {
                string? text = reader.GetString();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? TimeSpan.FromMilliseconds(parsed) : (TimeSpan?)null;
            }
            return TimeSpan.FromTicks((long)(reader.GetDouble() * TimeSpan.TicksPerMillisecond));
        }

        public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
        {
            if (value == null) writer.WriteNullValue(); else writer.WriteNumberValue((long)value.Value.TotalMilliseconds);
        }
    }

    /// <summary>
    /// A time without an offset (Polar's start_time, trimmed_start_time): the local time of the recording,
    /// kept as <see cref="DateTimeKind.Unspecified"/> so PowerShell shows it exactly as recorded.
    /// </summary>
    public sealed class LocalDateTimeConverter : JsonConverter<DateTime?>
    {
        public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            string? text = reader.GetString();
            if (string.IsNullOrEmpty(text)) return null;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset withOffset) && HasOffset(text!))
            {
                return DateTime.SpecifyKind(withOffset.DateTime, DateTimeKind.Unspecified);
            }
            if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime value))
            {
                return DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
            }
            throw new JsonException($"'{text}' is not a date and time.");
        }

        public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
        {
            if (value == null) writer.WriteNullValue(); else writer.WriteStringValue(value.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        }

        internal static bool HasOffset(string text) =>
            text.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || (text.Length > 6 && (text[text.Length - 6] == '+' || text[text.Length - 6] == '-') && text[text.Length - 3] == ':');
    }

    /// <summary>A time that is UTC on the wire (ends in Z, or documented as UTC): a UTC <see cref="DateTime"/>.</summary>
    public sealed class UtcDateTimeConverter : JsonConverter<DateTime?>
    {
        public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType == JsonTokenType.Number)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64()).UtcDateTime;
            }
            string? text = reader.GetString();
            if (string.IsNullOrEmpty(text)) return null;
            if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime value))
            {
                return DateTime.SpecifyKind(value, DateTimeKind.Utc);
            }
            throw new JsonException($"'{text}' is not a date and time.");
        }

        public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
        {
            if (value == null) writer.WriteNullValue(); else writer.WriteStringValue(value.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A number sent as text or as a number ("speed_*_kmh" typed integer, sent as decimals).</summary>
    public sealed class FlexibleDoubleConverter : JsonConverter<double?>
    {
        public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null: return null;
                case JsonTokenType.Number: return reader.GetDouble();
                case JsonTokenType.String:
                    string? text = reader.GetString();
                    return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : (double?)null;
                default: throw new JsonException($"Expected a number, found {reader.TokenType}.");
            }
        }

        public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
        {
            if (value == null) writer.WriteNullValue(); else writer.WriteNumberValue(value.Value);
        }
    }
}
