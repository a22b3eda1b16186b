using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace SportsData.Valor
{
    /// <summary>An athlete of the Valor organisation (GET /athletes); pipes into Get-ValorSession by AthleteId.</summary>
    public class ValorAthlete
    {
        public string AthleteId { get; set; } = string.Empty;
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string Name => string.Join(" ", new[] { FirstName, LastName }).Trim();
        /// <summary>Every other field Valor sent, unchanged.</summary>
        [Hidden] // kept for scripts ($row.AdditionalProperties); out of Export-Csv, which writes scalar columns only
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new FieldMap();

        public override string ToString() => string.IsNullOrEmpty(Name) ? AthleteId : Name;
    }

    /// <summary>A recorded movement session (GET /sessions); pipes into Get-ValorReport and Get-ValorIKData.</summary>
    public class ValorSession
    {
        public string SessionId { get; set; } = string.Empty;
        /// <summary>When the session was recorded, UTC.</summary>
        public DateTime? Date { get; set; }
        /// <summary>The key of the session's data: what Get-ValorReport and Get-ValorIKData ask for.</summary>
        public string? S3Key { get; set; }
        public TimeSpan? Duration { get; set; }
        /// <summary><see cref="Duration"/> in seconds: a number every Excel locale reads.</summary>
        public double? DurationSeconds => Durations.Seconds(Duration);
        public string? AthleteId { get; set; }
        /// <summary>Shared by the sessions of one assessment; "singleExercise" for a stand-alone recording.</summary>
        public string? AssessmentId { get; set; }
        public bool IsSingleExercise { get; set; }
        public string? ExerciseId { get; set; }
        /// <summary>Usually the exercise's name.</summary>
        public string? SessionName { get; set; }
        /// <summary>Every other field Valor sent, unchanged.</summary>
        [Hidden] // kept for scripts ($row.AdditionalProperties); out of Export-Csv, which writes scalar columns only
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new FieldMap();

        /// <summary>Where this session sits in a resumable listing (engine bookkeeping, not shown).</summary>
        internal object? ListingCursor { get; set; }

        public override string ToString() => (SessionName ?? SessionId) + (Date != null ? " " + Date.Value.ToString("u") : string.Empty);
    }

    /// <summary>One metric for one side from a session's report (reportData), flat for Export-Csv.</summary>
    public class ValorReportMetric
    {
        public string? SessionId { get; set; }
        public string? AthleteId { get; set; }
        public string S3Key { get; set; } = string.Empty;
        /// <summary>The metric group under WorkoutMetrics, e.g. Ang.</summary>
        public string? Group { get; set; }
        public string Metric { get; set; } = string.Empty;
        /// <summary>L, R, F or B; empty when the metric has no sides.</summary>
        public string? Side { get; set; }
        public double? AvgMax { get; set; }
        public double? Score { get; set; }
        /// <summary>Any other values of this metric and side, unchanged.</summary>
        [Hidden] // kept for scripts ($row.AdditionalProperties); out of Export-Csv, which writes scalar columns only
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new FieldMap();

        public override string ToString() => Group + "/" + Metric + (string.IsNullOrEmpty(Side) ? string.Empty : "/" + Side);
    }

    /// <summary>One frame of one joint from a session's inverse-kinematics data (ikData, 60 Hz).</summary>
    public class ValorIKFrame
    {
        public string? SessionId { get; set; }
        public string? AthleteId { get; set; }
        public string S3Key { get; set; } = string.Empty;
        /// <summary>Index of the frame, from 0.</summary>
        public int Frame { get; set; }
        /// <summary>The frame's time as sent (seconds); frame / 60 when Valor sent no time.</summary>
        public double? TimeSeconds { get; set; }
        public TimeSpan? Time => TimeSeconds == null ? (TimeSpan?)null : TimeSpan.FromTicks((long)Math.Round(TimeSeconds.Value * TimeSpan.TicksPerSecond));
        public string Joint { get; set; } = string.Empty;
        public double? Angle { get; set; }
        public double? Velocity { get; set; }
        public double? Acceleration { get; set; }

        public override string ToString() => Joint + " #" + Frame;
    }
}
