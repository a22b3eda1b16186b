using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace SportsData.Polar
{
    /// <summary>A team training session (GET /v1/teams/{team_id}/training_sessions).</summary>
    public class PolarTeamSession
    {
        public string TeamSessionId { get; set; } = string.Empty;
        public string TeamId { get; set; } = string.Empty;
        public string? Name { get; set; }
        /// <summary>TRAINING, DRILL, TEST, GAME, MATCH, "STRENGTH AND CONDITION" or OTHER.</summary>
        public string? Type { get; set; }
        public string? Sport { get; set; }
        public string? Note { get; set; }
        /// <summary>Start of the recording, local time of the session (as Polar sends it, no offset).</summary>
        public DateTime? RecordStartTime { get; set; }
        public DateTime? RecordEndTime { get; set; }
        /// <summary>Start of the session, local time.</summary>
        public DateTime? StartTime { get; set; }
        public DateTime? EndTime { get; set; }
        public TimeSpan? Duration => StartTime != null && EndTime != null ? EndTime - StartTime : null;
        /// <summary><see cref="Duration"/> in seconds: a number every Excel locale reads.</summary>
        public double? DurationSeconds => Durations.Seconds(Duration);
        public double? Latitude { get; set; }
        public double? Longitude { get; set; }
        /// <summary>UTC.</summary>
        public DateTime? Created { get; set; }
        /// <summary>UTC.</summary>
        public DateTime? Modified { get; set; }
        [Hidden] // kept for scripts ($row.AdditionalProperties); out of Export-Csv, which writes scalar columns only
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new FieldMap();

        public override string ToString() => Name ?? TeamSessionId;
    }

    /// <summary>
    /// A team training session in detail. Its lists (participants, markers, zones) are hidden properties: out of
    /// Export-Csv, reachable as <c>$details.Participants</c> (and piped on by the cmdlets that take player sessions).
    /// </summary>
    public class PolarTeamSessionDetails : PolarTeamSession
    {
        public string? Arena { get; set; }
        public double? DistanceMeters { get; set; }
        public double? Kilocalories { get; set; }
        public double? TrainingLoad { get; set; }
        public double? HeartRateAverage { get; set; }
        public double? CardioLoad { get; set; }
        public double? CardioLoadInterpretation { get; set; }
        public int ParticipantCount => Participants.Length;
        public int MarkerCount => Markers.Length;
        [Hidden]
        public PolarParticipant[] Participants { get; set; } = Array.Empty<PolarParticipant>();
        [Hidden]
        public PolarMarker[] Markers { get; set; } = Array.Empty<PolarMarker>();
        [Hidden]
        public PolarZone[] HeartRateZones { get; set; } = Array.Empty<PolarZone>();
        [Hidden]
        public PolarZone[] SpeedZones { get; set; } = Array.Empty<PolarZone>();
        [Hidden]
        public PolarZone[] PowerZones { get; set; } = Array.Empty<PolarZone>();
    }

    /// <summary>A player in a team session; pipes into Get-PolarPlayerSession, Get-PolarSample, Get-PolarSessionSummary.</summary>
    public class PolarParticipant
    {
        public string TeamSessionId { get; set; } = string.Empty;
        public string TeamId { get; set; } = string.Empty;
        public string PlayerId { get; set; } = string.Empty;
        public string PlayerSessionId { get; set; } = string.Empty;
        public int? PlayerNumber { get; set; }
        public string? Role { get; set; }
    }

    /// <summary>A marker (phase, note, recovery) in a team session.</summary>
    public class PolarMarker
    {
        public string TeamSessionId { get; set; } = string.Empty;
        public string? MarkerType { get; set; }
        public string? Name { get; set; }
        public string? Note { get; set; }
        public DateTime? StartTime { get; set; }
        public DateTime? EndTime { get; set; }
    }

    /// <summary>A heart-rate, speed or power zone with the time or distance spent in it.</summary>
    public class PolarZone
    {
        public string Kind { get; set; } = string.Empty;
        public int? Index { get; set; }
        public double? LowerLimit { get; set; }
        public double? HigherLimit { get; set; }
        public TimeSpan? InZone { get; set; }
        public double? InZoneMeters { get; set; }
        public double? InZoneMuscleLoad { get; set; }
        /// <summary>Acceleration zones: how many accelerations in this band.</summary>
        public double? Counter { get; set; }
    }

    /// <summary>A player's training session (GET /v1/players/{player_id}/training_sessions).</summary>
    public class PolarPlayerSession
    {
        public string PlayerSessionId { get; set; } = string.Empty;
        public string? PlayerId { get; set; }
        /// <summary>TEAM or INDIVIDUAL.</summary>
        public string? Type { get; set; }
        public string? Name { get; set; }
        public string? Sport { get; set; }
        public string? Feeling { get; set; }
        public string? Note { get; set; }
        /// <summary>Local time of the session (no offset on the wire).</summary>
        public DateTime? StartTime { get; set; }
        public DateTime? StopTime { get; set; }
        public TimeSpan? Duration { get; set; }
        /// <summary><see cref="Duration"/> in seconds: a number every Excel locale reads.</summary>
        public double? DurationSeconds => Durations.Seconds(Duration);
        /// <summary>Minutes east of UTC for the session's local times.</summary>
        public int? TimezoneOffset { get; set; }
        /// <summary>StartTime as an absolute instant, when the time-zone offset is known.</summary>
        public DateTimeOffset? StartTimeOffset => StartTime != null && TimezoneOffset != null
            ? new DateTimeOffset(StartTime.Value, TimeSpan.FromMinutes(TimezoneOffset.Value)) : (DateTimeOffset?)null;
        public double? Latitude { get; set; }
        public double? Longitude { get; set; }
        public DateTime? Created { get; set; }
        public DateTime? Modified { get; set; }
        [Hidden] // kept for scripts ($row.AdditionalProperties); out of Export-Csv, which writes scalar columns only
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new FieldMap();

        public override string ToString() => Name ?? PlayerSessionId;
    }

    /// <summary>A player's training session in detail (GET /v1/training_sessions/{id}).</summary>
    public class PolarPlayerSessionDetails : PolarPlayerSession
    {
        public double? Calories { get; set; }
        public double? DistanceMeters { get; set; }
        public double? TrainingLoad { get; set; }
        public string? TrainingBenefit { get; set; }
        public double? CardioLoad { get; set; }
        public double? MuscleLoad { get; set; }
        public TimeSpan? RecoveryTime { get; set; }
        public double? RecoveryTimeSeconds => Durations.Seconds(RecoveryTime);
        public int? FatPercentage { get; set; }
        public int? CarboPercentage { get; set; }
        public int? ProteinPercentage { get; set; }
        public int? HeartRateMax { get; set; }
        public int? HeartRateAvg { get; set; }
        public int? RunningIndex { get; set; }
        public double? Ascent { get; set; }
        public double? Descent { get; set; }
        public TimeSpan? WalkingDuration { get; set; }
        public double? WalkingDurationSeconds => Durations.Seconds(WalkingDuration);
        public double? WalkingDistanceMeters { get; set; }
        public int? SprintCounter { get; set; }
        public string? Product { get; set; }
        /// <summary>Sample rows, when requested with -Samples; null otherwise. Hidden from Export-Csv: <c>$details.Samples</c>, or Get-PolarSample for rows.</summary>
        [Hidden]
        public PolarSample[]? Samples { get; set; }
        /// <summary>RR intervals in ms (nulls mark gaps), when the session has them. Hidden from Export-Csv: <c>$details.RRIntervals</c>, or Get-PolarRRInterval for rows.</summary>
        [Hidden]
        public int?[]? RRIntervals { get; set; }
    }
}
