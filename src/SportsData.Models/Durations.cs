using System;

namespace SportsData
{
    /// <summary>The seconds columns beside durations (a number every Excel locale reads, where a TimeSpan's text is not).</summary>
    internal static class Durations
    {
        /// <summary>Ticks divided by ticks per second: 1330.1 s stays 1330.1 (TimeSpan.TotalSeconds can give 1330.0999999999999).</summary>
        public static double? Seconds(TimeSpan? value) => value == null ? (double?)null : value.Value.Ticks / (double)TimeSpan.TicksPerSecond;

        public static double Seconds(TimeSpan value) => value.Ticks / (double)TimeSpan.TicksPerSecond;
    }
}
