using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace SportsData.Json
{
    /// <summary>ISO 8601 durations as the vendors send them (PT0S, PT0.1S, PT4.2S, PT1H2M3.5S, P1DT2H).</summary>
    public static class IsoDuration
    {
        public static TimeSpan Parse(string text)
        {
            if (TryParse(text.AsSpan(), out TimeSpan value)) return value;
            throw new FormatException($"'{text}' is not an ISO 8601 duration such as PT4.2S.");
        }

        /// <summary>Allocation-free parse, used on the 10 Hz sample path.</summary>
        [MethodImpl(HotPath.Options)]
        public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan value)
        {
            value = TimeSpan.Zero;
            int i = 0;
            bool negative = false;
            if (i < text.Length && text[i] == '-') { negative = true; i++; }
            if (i >= text.Length || (text[i] != 'P' && text[i] != 'p')) return false;
            i++;
            bool inTime = false;
            long ticks = 0;
            bool any = false;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == 'T' || c == 't') { inTime = true; i++; continue; }
                long whole = 0;
                long fraction = 0;
                long fractionScale = 1;
                int start = i;
                while (i < text.Length && text[i] >= '0' && text[i] <= '9') { whole = whole * 10 + (text[i] - '0'); i++; }
                if (i < text.Length && (text[i] == '.' || text[i] == ','))
                {
                    i++;
                    while (i < text.Length && text[i] >= '0' && text[i] <= '9')
                    {
                        if (fractionScale < TimeSpan.TicksPerSecond) { fraction = fraction * 10 + (text[i] - '0'); fractionScale *= 10; }
                        i++;
                    }
                }
                if (i == start || i >= text.Length) return false;
                char unit = char.ToUpperInvariant(text[i]);
                i++;
                long unitTicks;
                switch (unit)
                {
                    case 'W' when !inTime: unitTicks = TimeSpan.TicksPerDay * 7; break;
                    case 'D' when !inTime: unitTicks = TimeSpan.TicksPerDay; break;
                    case 'H' when inTime: unitTicks = TimeSpan.TicksPerHour; break;
                    case 'M' when inTime: unitTicks = TimeSpan.TicksPerMinute; break;
                    case 'S' when inTime: unitTicks = TimeSpan.TicksPerSecond; break;
                    default: return false;
                }
                ticks += whole * unitTicks + fraction * unitTicks / fractionScale;
                any = true;
            }
            if (!any) return false;
            value = new TimeSpan(negative ? -ticks : ticks);
            return true;
        }

        public static string Format(TimeSpan value)
        {
            if (value == TimeSpan.Zero) return "PT0S";
            var builder = new System.Text.StringBuilder(value < TimeSpan.Zero ? "-PT" : "PT");
            TimeSpan abs = value.Duration();
            long hours = (long)abs.TotalHours;
            if (hours > 0) builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('H');
            if (abs.Minutes > 0) builder.Append(abs.Minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
            long subMinuteTicks = abs.Ticks % TimeSpan.TicksPerMinute;
            if (subMinuteTicks > 0)
            {
                decimal seconds = subMinuteTicks / (decimal)TimeSpan.TicksPerSecond;
                builder.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('S');
            }
            return builder.ToString();
        }
    }
}
