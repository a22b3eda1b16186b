using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SportsData.Sync
{
    /// <summary>
    /// Dataset values beyond <see cref="DatasetCsv"/>'s: nested data as compact JSON text with keys in ordinal order
    /// (so the same data always gives the same bytes, whatever order the vendor sent the keys in), durations in
    /// seconds (file names: <see cref="DatasetFileName"/>).
    /// </summary>
    internal static class DatasetValues
    {
        private static readonly JsonWriterOptions Compact = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>Seconds of a time span as a number (12.5).</summary>
        public static string? Seconds(TimeSpan? value) => value == null ? null : DatasetCsv.Number(Math.Round(value.Value.TotalSeconds, 6));

        /// <summary>Plain values (strings, numbers, booleans, arrays, dictionaries) as compact JSON; null or an empty object or array as null.</summary>
        public static string? Json(object? value)
        {
            if (value == null) return null;
            if (value is IDictionary<string, object?> map && map.Count == 0) return null;
            if (value is ICollection collection && !(value is IDictionary) && collection.Count == 0) return null;
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Compact)) WriteJson(writer, value);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static void WriteJson(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null: writer.WriteNullValue(); break;
                case string text: writer.WriteStringValue(text); break;
                case bool flag: writer.WriteBooleanValue(flag); break;
                case long whole: writer.WriteNumberValue(whole); break;
                case int whole: writer.WriteNumberValue(whole); break;
                case double number: writer.WriteNumberValue(number); break;
                case decimal number: writer.WriteNumberValue(number); break;
                case DateTime time: writer.WriteStringValue(time.Kind == DateTimeKind.Utc ? DatasetCsv.UtcTime(time) : DatasetCsv.LocalTime(time)); break;
                case IDictionary<string, object?> map:
                    writer.WriteStartObject();
                    foreach (var pair in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        writer.WritePropertyName(pair.Key);
                        WriteJson(writer, pair.Value);
                    }
                    writer.WriteEndObject();
                    break;
                case IEnumerable items:
                    writer.WriteStartArray();
                    foreach (object? item in items) WriteJson(writer, item);
                    writer.WriteEndArray();
                    break;
                case IFormattable formattable: writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
                default: writer.WriteStringValue(value.ToString()); break;
            }
        }
    }
}
