using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace SportsData.Polar
{
    /// <summary>
    /// A player's summary of a team session (session_summary) or of one phase of it (phase_summaries). A flat row:
    /// zones are columns per zone kind and position (<see cref="HeartRateZoneColumns"/> heart-rate zones and so on);
    /// the zone lists themselves (every zone, also past the columns) stay on the object as hidden properties
    /// (<c>$summary.HeartRateZones</c>) and in the dataset's compact zone columns.
    /// </summary>
    public class PolarSessionSummary
    {
        /// <summary>Heart-rate zones with columns (HeartRateZone1Seconds..HeartRateZone5Seconds): Polar's profiles have five.</summary>
        public const int HeartRateZoneColumns = 5;
        /// <summary>Speed zones with columns.</summary>
        public const int SpeedZoneColumns = 5;
        /// <summary>Acceleration bands with columns: Polar's profiles have six (-3, -2, -1, 1, 2, 3 m/s²).</summary>
        public const int AccelerationZoneColumns = 6;
        /// <summary>Power zones with columns.</summary>
        public const int PowerZoneColumns = 5;

        public string PlayerSessionId { get; set; } = string.Empty;
        public string? PlayerId { get; set; }
        public string? TeamSessionId { get; set; }
        /// <summary>Phase name for phase summaries; null for a whole-session summary.</summary>
        public string? PhaseName { get; set; }
        public int? PhaseIndex { get; set; }
        /// <summary>Start of the team session, local time.</summary>
        public DateTime? TrimmedStartTime { get; set; }
        public TimeSpan? Duration { get; set; }
        /// <summary><see cref="Duration"/> in seconds: a number every Excel locale reads.</summary>
        public double? DurationSeconds => Durations.Seconds(Duration);
        public double? DistanceMeters { get; set; }
        public double? Kilocalories { get; set; }
        public int? HeartRateMax { get; set; }
        public int? HeartRateAvg { get; set; }
        public int? HeartRateMin { get; set; }
        public int? HeartRateMaxPercent { get; set; }
        public int? HeartRateAvgPercent { get; set; }
        public int? HeartRateMinPercent { get; set; }
        public int? SprintCounter { get; set; }
        public double? SpeedAvgKmh { get; set; }
        public double? SpeedMaxKmh { get; set; }
        public double? CadenceAvg { get; set; }
        public double? CadenceMax { get; set; }
        public double? TrainingLoad { get; set; }
        public double? CardioLoad { get; set; }
        public double? MuscleLoad { get; set; }
        public int? CardioLoadInterpretation { get; set; }
        public int? MuscleLoadInterpretation { get; set; }
        public TimeSpan? OutOfHeartRateZones { get; set; }
        public double? OutOfHeartRateZonesSeconds => Durations.Seconds(OutOfHeartRateZones);
        public double? OutOfSpeedZonesMeters { get; set; }
        public TimeSpan? OutOfPowerZones { get; set; }
        public double? OutOfPowerZonesSeconds => Durations.Seconds(OutOfPowerZones);
        public int? MinimumRR { get; set; }
        public int? AverageRR { get; set; }
        public int? MaximumRR { get; set; }
        public int? Rmssd { get; set; }
        public DateTime? Created { get; set; }
        public DateTime? Modified { get; set; }
        // HeartRate zones 1-5: the HeartRateZones list by position (zone i = the i-th zone Polar lists).
        public double? HeartRateZone1Seconds => Seconds(Zone(HeartRateZones, 1));
        public double? HeartRateZone1LowerLimit => Zone(HeartRateZones, 1)?.LowerLimit;
        public double? HeartRateZone1HigherLimit => Zone(HeartRateZones, 1)?.HigherLimit;
        public double? HeartRateZone2Seconds => Seconds(Zone(HeartRateZones, 2));
        public double? HeartRateZone2LowerLimit => Zone(HeartRateZones, 2)?.LowerLimit;
        public double? HeartRateZone2HigherLimit => Zone(HeartRateZones, 2)?.HigherLimit;
        public double? HeartRateZone3Seconds => Seconds(Zone(HeartRateZones, 3));
        public double? HeartRateZone3LowerLimit => Zone(HeartRateZones, 3)?.LowerLimit;
        public double? HeartRateZone3HigherLimit => Zone(HeartRateZones, 3)?.HigherLimit;
        public double? HeartRateZone4Seconds => Seconds(Zone(HeartRateZones, 4));
        public double? HeartRateZone4LowerLimit => Zone(HeartRateZones, 4)?.LowerLimit;
        public double? HeartRateZone4HigherLimit => Zone(HeartRateZones, 4)?.HigherLimit;
        public double? HeartRateZone5Seconds => Seconds(Zone(HeartRateZones, 5));
        public double? HeartRateZone5LowerLimit => Zone(HeartRateZones, 5)?.LowerLimit;
        public double? HeartRateZone5HigherLimit => Zone(HeartRateZones, 5)?.HigherLimit;
        // Speed zones 1-5: the SpeedZones list by position (zone i = the i-th zone Polar lists).
        public double? SpeedZone1Seconds => Seconds(Zone(SpeedZones, 1));
        public double? SpeedZone1Meters => Zone(SpeedZones, 1)?.InZoneMeters;
        public double? SpeedZone1LowerLimitKmh => Zone(SpeedZones, 1)?.LowerLimit;
        public double? SpeedZone1HigherLimitKmh => Zone(SpeedZones, 1)?.HigherLimit;
        public double? SpeedZone2Seconds => Seconds(Zone(SpeedZones, 2));
        public double? SpeedZone2Meters => Zone(SpeedZones, 2)?.InZoneMeters;
        public double? SpeedZone2LowerLimitKmh => Zone(SpeedZones, 2)?.LowerLimit;
        public double? SpeedZone2HigherLimitKmh => Zone(SpeedZones, 2)?.HigherLimit;
        public double? SpeedZone3Seconds => Seconds(Zone(SpeedZones, 3));
        public double? SpeedZone3Meters => Zone(SpeedZones, 3)?.InZoneMeters;
        public double? SpeedZone3LowerLimitKmh => Zone(SpeedZones, 3)?.LowerLimit;
        public double? SpeedZone3HigherLimitKmh => Zone(SpeedZones, 3)?.HigherLimit;
        public double? SpeedZone4Seconds => Seconds(Zone(SpeedZones, 4));
        public double? SpeedZone4Meters => Zone(SpeedZones, 4)?.InZoneMeters;
        public double? SpeedZone4LowerLimitKmh => Zone(SpeedZones, 4)?.LowerLimit;
        public double? SpeedZone4HigherLimitKmh => Zone(SpeedZones, 4)?.HigherLimit;
        public double? SpeedZone5Seconds => Seconds(Zone(SpeedZones, 5));
        public double? SpeedZone5Meters => Zone(SpeedZones, 5)?.InZoneMeters;
        public double? SpeedZone5LowerLimitKmh => Zone(SpeedZones, 5)?.LowerLimit;
        public double? SpeedZone5HigherLimitKmh => Zone(SpeedZones, 5)?.HigherLimit;
        // Acceleration zones 1-6: the AccelerationZones list by position (zone i = the i-th zone Polar lists).
        public double? AccelerationZone1Count => Zone(AccelerationZones, 1)?.Counter;
        public double? AccelerationZone1LimitMs2 => Zone(AccelerationZones, 1)?.LowerLimit;
        public double? AccelerationZone2Count => Zone(AccelerationZones, 2)?.Counter;
        public double? AccelerationZone2LimitMs2 => Zone(AccelerationZones, 2)?.LowerLimit;
        public double? AccelerationZone3Count => Zone(AccelerationZones, 3)?.Counter;
        public double? AccelerationZone3LimitMs2 => Zone(AccelerationZones, 3)?.LowerLimit;
        public double? AccelerationZone4Count => Zone(AccelerationZones, 4)?.Counter;
        public double? AccelerationZone4LimitMs2 => Zone(AccelerationZones, 4)?.LowerLimit;
        public double? AccelerationZone5Count => Zone(AccelerationZones, 5)?.Counter;
        public double? AccelerationZone5LimitMs2 => Zone(AccelerationZones, 5)?.LowerLimit;
        public double? AccelerationZone6Count => Zone(AccelerationZones, 6)?.Counter;
        public double? AccelerationZone6LimitMs2 => Zone(AccelerationZones, 6)?.LowerLimit;
        // Power zones 1-5: the PowerZones list by position (zone i = the i-th zone Polar lists).
        public double? PowerZone1Seconds => Seconds(Zone(PowerZones, 1));
        public double? PowerZone1MuscleLoad => Zone(PowerZones, 1)?.InZoneMuscleLoad;
        public double? PowerZone1LowerLimit => Zone(PowerZones, 1)?.LowerLimit;
        public double? PowerZone1HigherLimit => Zone(PowerZones, 1)?.HigherLimit;
        public double? PowerZone2Seconds => Seconds(Zone(PowerZones, 2));
        public double? PowerZone2MuscleLoad => Zone(PowerZones, 2)?.InZoneMuscleLoad;
        public double? PowerZone2LowerLimit => Zone(PowerZones, 2)?.LowerLimit;
        public double? PowerZone2HigherLimit => Zone(PowerZones, 2)?.HigherLimit;
        public double? PowerZone3Seconds => Seconds(Zone(PowerZones, 3));
        public double? PowerZone3MuscleLoad => Zone(PowerZones, 3)?.InZoneMuscleLoad;
        public double? PowerZone3LowerLimit => Zone(PowerZones, 3)?.LowerLimit;
        public double? PowerZone3HigherLimit => Zone(PowerZones, 3)?.HigherLimit;
        public double? PowerZone4Seconds => Seconds(Zone(PowerZones, 4));
        public double? PowerZone4MuscleLoad => Zone(PowerZones, 4)?.InZoneMuscleLoad;
        public double? PowerZone4LowerLimit => Zone(PowerZones, 4)?.LowerLimit;
        public double? PowerZone4HigherLimit => Zone(PowerZones, 4)?.HigherLimit;
        public double? PowerZone5Seconds => Seconds(Zone(PowerZones, 5));
        public double? PowerZone5MuscleLoad => Zone(PowerZones, 5)?.InZoneMuscleLoad;
        public double? PowerZone5LowerLimit => Zone(PowerZones, 5)?.LowerLimit;
        public double? PowerZone5HigherLimit => Zone(PowerZones, 5)?.HigherLimit;

        /// <summary>Every heart-rate zone as Polar sent it (limits, time), also those past the columns.</summary>
        [Hidden]
        public PolarZone[] HeartRateZones { get; set; } = Array.Empty<PolarZone>();
        /// <summary>Every speed zone (km/h limits, distance and time in the zone).</summary>
        [Hidden]
        public PolarZone[] SpeedZones { get; set; } = Array.Empty<PolarZone>();
        /// <summary>Every acceleration band (limit in m/s², count).</summary>
        [Hidden]
        public PolarZone[] AccelerationZones { get; set; } = Array.Empty<PolarZone>();
        /// <summary>Every power zone (limits, time and muscle load in the zone).</summary>
        [Hidden]
        public PolarZone[] PowerZones { get; set; } = Array.Empty<PolarZone>();
        [Hidden] // kept for scripts ($row.AdditionalProperties); out of Export-Csv, which writes scalar columns only
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new FieldMap();

        /// <summary>The zone at <paramref name="position"/> (from 1) of a list, or null past its end.</summary>
        private static PolarZone? Zone(PolarZone[]? zones, int position) => zones != null && zones.Length >= position ? zones[position - 1] : null;

        private static double? Seconds(PolarZone? zone) => Durations.Seconds(zone?.InZone);
    }

    /// <summary>The sample types Polar can return.</summary>
    [Flags]
    public enum PolarSampleType
    {
        None = 0,
        Distance = 1,
        Location = 2,
        HR = 4,
        Speed = 8,
        Cadence = 16,
        Altitude = 32,
        ForwardAcceleration = 64,
        RR = 128,
        Power = 256,
        All = Distance | Location | HR | Speed | Cadence | Altitude | ForwardAcceleration | RR | Power,
    }

    /// <summary>
    /// One sample time of one player session: a flat row with one nullable column per sample type.
    /// Fields are public so the 10 Hz path fills them without per-row reflection.
    /// </summary>
    public sealed class PolarSample
    {
        public string? TeamSessionId { get; set; }
        public string PlayerSessionId { get; set; } = string.Empty;
        public string? PlayerId { get; set; }
        /// <summary>Time from the start of the recording.</summary>
        public TimeSpan Offset { get; set; }
        /// <summary><see cref="Offset"/> in seconds (0.1 at 10 Hz): a number every Excel locale reads.</summary>
        public double OffsetSeconds => Durations.Seconds(Offset);
        /// <summary>Session start (local time) plus <see cref="Offset"/>.</summary>
        public DateTime? Time { get; set; }
        public double? HeartRate { get; set; }
        public double? Speed { get; set; }
        public double? Distance { get; set; }
        public double? Latitude { get; set; }
        public double? Longitude { get; set; }
        public double? Altitude { get; set; }
        public double? Cadence { get; set; }
        public double? ForwardAcceleration { get; set; }
        public double? Power { get; set; }
        public double? RR { get; set; }
    }

    /// <summary>One RR interval of a player session.</summary>
    public sealed class PolarRRInterval
    {
        public string? TeamSessionId { get; set; }
        public string PlayerSessionId { get; set; } = string.Empty;
        public string? PlayerId { get; set; }
        /// <summary>Position in the session's RR list, from 0.</summary>
        public int Index { get; set; }
        /// <summary>Interval in milliseconds; null marks a gap the device reported.</summary>
        public int? IntervalMs { get; set; }
        /// <summary>Sum of the intervals before this one (gaps count as 0).</summary>
        public TimeSpan Elapsed { get; set; }
        /// <summary><see cref="Elapsed"/> in seconds.</summary>
        public double ElapsedSeconds => Durations.Seconds(Elapsed);
    }
}
