#if NET8_0_OR_GREATER
using System;
using System.Globalization;

namespace SportsData.Database
{
    /// <summary>The column types a dataset value is published as. Unknown: no value seen yet (an empty column).</summary>
    internal enum ColumnType
    {
        Unknown,
        Boolean,
        Integer,
        BigInt,
        Double,
        Timestamp,
        TimestampTz,
        Text,
    }

    /// <summary>
    /// Dataset text to typed values and back. A value is given a type only when it round-trips exactly (the dataset
    /// writes numbers in shortest round-trip form and times with milliseconds), so the database holds the same
    /// data the files do: "0012" or "1.50" stay text, never become 12 or 1.5.
    /// </summary>
    internal static class DatasetTypes
    {
        /// <summary>The narrowest type <paramref name="value"/> (not empty) is exactly.</summary>
        public static ColumnType Infer(ReadOnlySpan<char> value)
        {
            if (value.SequenceEqual("true") || value.SequenceEqual("false")) return ColumnType.Boolean;
            if (TryTimestamp(value, out _, out bool utc)) return utc ? ColumnType.TimestampTz : ColumnType.Timestamp;
            if (TryInt64(value, out _)) return ColumnType.BigInt;
            if (TryDouble(value, out _)) return ColumnType.Double;
            return ColumnType.Text;
        }

        /// <summary>The narrowest type holding values of both types.</summary>
        public static ColumnType Unify(ColumnType a, ColumnType b)
        {
            if (a == b || b == ColumnType.Unknown) return a;
            if (a == ColumnType.Unknown) return b;
            if (IsNumber(a) && IsNumber(b)) return (ColumnType)Math.Max((int)a, (int)b);
            return ColumnType.Text;
        }

        /// <summary>Whether values of type <paramref name="values"/> can be written to a column of type <paramref name="column"/>.</summary>
        public static bool Fits(ColumnType values, ColumnType column) =>
            values == ColumnType.Unknown || values == column || column == ColumnType.Text
            || (IsNumber(values) && IsNumber(column) && values <= column);

        private static bool IsNumber(ColumnType type) => type == ColumnType.Integer || type == ColumnType.BigInt || type == ColumnType.Double;

        public static bool TryInt64(ReadOnlySpan<char> value, out long result)
        {
            if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result)) return false;
            Span<char> back = stackalloc char[24];
            return result.TryFormat(back, out int written, default, CultureInfo.InvariantCulture) && back.Slice(0, written).SequenceEqual(value);
        }

        public static bool TryDouble(ReadOnlySpan<char> value, out double result)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out result)) return false;
            Span<char> back = stackalloc char[40];
            return result.TryFormat(back, out int written, "R", CultureInfo.InvariantCulture) && back.Slice(0, written).SequenceEqual(value);
        }

        /// <summary>
        /// <c>yyyy-MM-ddTHH:mm:ss.fff</c> (a local time) or the same with <c>Z</c> (UTC), the dataset's two time forms.
        /// The result's Kind is Unspecified or Utc.
        /// </summary>
        public static bool TryTimestamp(ReadOnlySpan<char> s, out DateTime result, out bool utc)
        {
            result = default;
            utc = s.Length == 24 && s[23] == 'Z';
            if (s.Length != 23 && !utc) return false;
            if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.') return false;
            if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)
                || !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second)
                || !Digits(s, 20, 3, out int millisecond))
            {
                return false;
            }
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
            result = new DateTime(year, month, day, hour, minute, second, millisecond, utc ? DateTimeKind.Utc : DateTimeKind.Unspecified);
            return true;
        }

        private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
        {
            value = 0;
            for (int i = start; i < start + count; i++)
            {
                int digit = s[i] - '0';
                if ((uint)digit > 9) return false;
                value = value * 10 + digit;
            }
            return true;
        }

        /// <summary>A value read back from the database in the dataset's text form (what the file holds).</summary>
        public static string? Format(object? value) => value switch
        {
            null => null,
            DBNull _ => null,
            string text => text,
            bool flag => flag ? "true" : "false",
            int whole => whole.ToString(CultureInfo.InvariantCulture),
            long whole => whole.ToString(CultureInfo.InvariantCulture),
            double number => number.ToString("R", CultureInfo.InvariantCulture),
            DateTime time when time.Kind == DateTimeKind.Utc => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture),
            IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }
}
#endif
