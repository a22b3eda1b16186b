using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SportsData.Polar;
using static SportsData.Sync.DatasetCsv;

namespace SportsData.Sync.Polar
{
    /// <summary>
    /// The tables of a Polar dataset: file names, columns (snake_case, the vendor's field names; ids named
    /// team_id/team_session_id/player_session_id/player_id everywhere), keys, and the row of each model.
    /// This is the dataset contract documented in the README and about_SportsData.
    /// </summary>
    internal static class PolarDatasetTables
    {
        public static readonly string[] TeamColumns = { "team_id", "name", "organisation", "created", "modified" };
        public static readonly string[] TeamKey = { "team_id" };

        public static readonly string[] PlayerColumns = { "team_id", "player_id", "player_number", "role", "first_name", "last_name" };
        public static readonly string[] PlayerKey = { "team_id", "player_id" };

        public static readonly string[] TeamSessionColumns =
        {
            "team_session_id", "team_id", "name", "type", "sport", "note", "record_start_time", "record_end_time", "start_time", "end_time",
            "latitude", "longitude", "arena", "distance", "kilocalories", "training_load", "heart_rate_average", "cardio_load", "cardio_load_interpretation",
            "heart_rate_zones", "speed_zones_kmh", "power_zones", "created", "modified", KeyedCsvTable.DeletedAtColumn,
        };
        public static readonly string[] TeamSessionKey = { "team_session_id" };

        public static readonly string[] ParticipantColumns = { "team_session_id", "player_id", "player_session_id", "player_number", "role" };
        public static readonly string[] ParticipantKey = { "team_session_id", "player_id" };

        public static readonly string[] MarkerColumns = { "team_session_id", "marker_index", "marker_type", "name", "note", "start_time", "end_time" };
        public static readonly string[] MarkerKey = { "team_session_id", "marker_index" };

        public static readonly string[] PlayerSessionColumns =
        {
            "player_session_id", "player_id", "team_session_id", "team_id", "type", "name", "sport", "feeling", "note", "start_time", "stop_time",
            "duration_ms", "timezone_offset", "latitude", "longitude", "calories", "distance_meters", "training_load", "training_benefit", "cardio_load",
            "muscle_load", "recovery_time_ms", "fat_percentage", "carbo_percentage", "protein_percentage", "heart_rate_max", "heart_rate_avg",
            "running_index", "ascent", "descent", "walking_duration_ms", "walking_distance_meters", "sprint_counter", "product", "created", "modified",
            KeyedCsvTable.DeletedAtColumn,
        };
        public static readonly string[] PlayerSessionKey = { "player_session_id" };

        private static readonly string[] SummaryMetricColumns =
        {
            "trimmed_start_time", "duration_ms", "distance_meters", "kilo_calories", "heart_rate_max", "heart_rate_avg", "heart_rate_min",
            "heart_rate_max_percent", "heart_rate_avg_percent", "heart_rate_min_percent", "sprint_counter", "speed_avg_kmh", "speed_max_kmh",
            "cadence_avg", "cadence_max", "training_load", "cardio_load", "muscle_load", "cardio_load_interpretation", "muscle_load_interpretation",
            "out_of_heart_rate_zones_ms", "out_of_speed_zones", "out_of_power_zones_ms", "minimum_rr", "average_rr", "maximum_rr", "rmssd",
            "heart_rate_zones", "speed_zones_kmh", "acceleration_zones_ms2", "power_zones", "created", "modified",
        };

        public static readonly string[] SessionSummaryColumns = new[] { "player_session_id", "player_id", "team_session_id" }.Concat(SummaryMetricColumns).ToArray();
        public static readonly string[] SessionSummaryKey = { "player_session_id" };

        public static readonly string[] PhaseSummaryColumns = new[] { "player_session_id", "phase_index", "player_id", "team_session_id", "phase_name" }.Concat(SummaryMetricColumns).ToArray();
        public static readonly string[] PhaseSummaryKey = { "player_session_id", "phase_index" };

        public static readonly string[] RRColumns = { "team_session_id", "player_session_id", "player_id", "index", "interval_ms", "elapsed_ms" };

        public static string?[] Team(PolarTeam t) => new[] { t.TeamId, t.Name, t.Organisation, UtcTime(t.Created), UtcTime(t.Modified) };

        public static string?[] Player(PolarTeamPlayer p) => new[] { p.TeamId, p.PlayerId, Number(p.PlayerNumber), p.Role, p.FirstName, p.LastName };

        public static string?[] TeamSession(PolarTeamSessionDetails s, string teamId) => new[]
        {
            s.TeamSessionId, string.IsNullOrEmpty(s.TeamId) ? teamId : s.TeamId, s.Name, s.Type, s.Sport, s.Note,
            LocalTime(s.RecordStartTime), LocalTime(s.RecordEndTime), LocalTime(s.StartTime), LocalTime(s.EndTime),
            Number(s.Latitude), Number(s.Longitude), s.Arena, Number(s.DistanceMeters), Number(s.Kilocalories), Number(s.TrainingLoad),
            Number(s.HeartRateAverage), Number(s.CardioLoad), Number(s.CardioLoadInterpretation),
            Zones(s.HeartRateZones), Zones(s.SpeedZones), Zones(s.PowerZones), UtcTime(s.Created), UtcTime(s.Modified), null,
        };

        public static string?[] Participant(PolarParticipant p) => new[] { p.TeamSessionId, p.PlayerId, p.PlayerSessionId, Number(p.PlayerNumber), p.Role };

        public static string?[] Marker(PolarMarker m, int index) => new[]
        {
            m.TeamSessionId, index.ToString("D3", CultureInfo.InvariantCulture), m.MarkerType, m.Name, m.Note, LocalTime(m.StartTime), LocalTime(m.EndTime),
        };

        public static string?[] PlayerSession(PolarPlayerSessionDetails s, string? teamSessionId, string teamId) => new[]
        {
            s.PlayerSessionId, s.PlayerId, teamSessionId, teamId, s.Type, s.Name, s.Sport, s.Feeling, s.Note, LocalTime(s.StartTime), LocalTime(s.StopTime),
            Milliseconds(s.Duration), Number(s.TimezoneOffset), Number(s.Latitude), Number(s.Longitude), Number(s.Calories), Number(s.DistanceMeters),
            Number(s.TrainingLoad), s.TrainingBenefit, Number(s.CardioLoad), Number(s.MuscleLoad), Milliseconds(s.RecoveryTime),
            Number(s.FatPercentage), Number(s.CarboPercentage), Number(s.ProteinPercentage), Number(s.HeartRateMax), Number(s.HeartRateAvg),
            Number(s.RunningIndex), Number(s.Ascent), Number(s.Descent), Milliseconds(s.WalkingDuration), Number(s.WalkingDistanceMeters),
            Number(s.SprintCounter), s.Product, UtcTime(s.Created), UtcTime(s.Modified), null,
        };

        public static string?[] SessionSummary(PolarSessionSummary s) =>
            new[] { s.PlayerSessionId, s.PlayerId, s.TeamSessionId }.Concat(SummaryMetrics(s)).ToArray();

        public static string?[] PhaseSummary(PolarSessionSummary s, int position) =>
            new[] { s.PlayerSessionId, (s.PhaseIndex ?? position).ToString("D3", CultureInfo.InvariantCulture), s.PlayerId, s.TeamSessionId, s.PhaseName }
                .Concat(SummaryMetrics(s)).ToArray();

        private static IEnumerable<string?> SummaryMetrics(PolarSessionSummary s) => new[]
        {
            LocalTime(s.TrimmedStartTime), Milliseconds(s.Duration), Number(s.DistanceMeters), Number(s.Kilocalories), Number(s.HeartRateMax),
            Number(s.HeartRateAvg), Number(s.HeartRateMin), Number(s.HeartRateMaxPercent), Number(s.HeartRateAvgPercent), Number(s.HeartRateMinPercent),
            Number(s.SprintCounter), Number(s.SpeedAvgKmh), Number(s.SpeedMaxKmh), Number(s.CadenceAvg), Number(s.CadenceMax), Number(s.TrainingLoad),
            Number(s.CardioLoad), Number(s.MuscleLoad), Number(s.CardioLoadInterpretation), Number(s.MuscleLoadInterpretation),
            Milliseconds(s.OutOfHeartRateZones), Number(s.OutOfSpeedZonesMeters), Milliseconds(s.OutOfPowerZones), Number(s.MinimumRR),
            Number(s.AverageRR), Number(s.MaximumRR), Number(s.Rmssd), Zones(s.HeartRateZones), Zones(s.SpeedZones), Zones(s.AccelerationZones),
            Zones(s.PowerZones), UtcTime(s.Created), UtcTime(s.Modified),
        };

        /// <summary>
        /// Zones in one text column: "lower-higher:in_zone_ms" per zone (plus "/meters" when Polar gives distance),
        /// acceleration zones as "limit:count", separated by ';'.
        /// </summary>
        private static string? Zones(PolarZone[] zones)
        {
            if (zones.Length == 0) return null;
            return string.Join(";", zones.Select(z =>
            {
                if (z.Kind == "Acceleration") return Number(z.LowerLimit) + ":" + Number(z.Counter);
                string text = Number(z.LowerLimit) + "-" + Number(z.HigherLimit) + ":" + Milliseconds(z.InZone);
                return z.InZoneMeters != null ? text + "/" + Number(z.InZoneMeters) : text;
            }));
        }
    }
}
