using System;
using System.Collections.Generic;

namespace SportsData.Polar
{
    /// <summary>A player's summary of a team session (session_summary) or of one phase of it (phase_summaries).</summary>
    public class PolarSessionSummary
    {
        public string PlayerSessionId { get; set; } = string.Empty;
        public string? PlayerId { get; set; }
        public string? TeamSessionId { get; set; }
        /// <summary>Phase name for phase summaries; null for a whole-session summary.</summary>
        public string? PhaseName { get; set; }
        public int? PhaseIndex { get; set; }
        /// <summary>Start of the team session, local time.</summary>
        public DateTime? TrimmedStartTime { get; set; }
        public TimeSpan? Duration { get; set; }
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
        public double? OutOfSpeedZonesMeters { get; set; }
        public TimeSpan? OutOfPowerZones { get; set; }
        public int? MinimumRR { get; set; }
        public int? AverageRR { get; set; }
        public int? MaximumRR { get; set; }
        public int? Rmssd { get; set; }
        public DateTime? Created { get; set; }
        public DateTime? Modified { get; set; }
        public PolarZone[] HeartRateZones { get; set; } = Array.Empty<PolarZone>();
        public PolarZone[] SpeedZones { get; set; } = Array.Empty<PolarZone>();
        public PolarZone[] AccelerationZones { get; set; } = Array.Empty<PolarZone>();
        public PolarZone[] PowerZones { get; set; } = Array.Empty<PolarZone>();
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new FieldMap();
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
    }
}
