using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using SportsData.Json;

namespace SportsData.Polar
{
    /// <summary>Maps Polar JSON objects to the module's flat output types.</summary>
    internal static class PolarMapper
    {
        public static PolarTeam Team(JsonRecord r) => FillTeam(new PolarTeam(), r, finish: true);

        public static PolarTeamDetails TeamDetails(JsonRecord r)
        {
            var team = FillTeam(new PolarTeamDetails(), r, finish: false);
            team.Players = r.Objects("players").Select(p => Player(p, team.TeamId, team.Name)).ToArray();
            team.SportProfiles = r.Objects("sport_profiles").Select(p => SportProfile(p, team.TeamId)).ToArray();
            team.AdditionalProperties = r.Remaining();
            return team;
        }

        private static T FillTeam<T>(T team, JsonRecord r, bool finish) where T : PolarTeam
        {
            team.TeamId = r.RequiredString("id");
            team.Name = r.String("name");
            team.Organisation = r.String("organisation");
            team.Created = r.UtcDateTime("created");
            team.Modified = r.UtcDateTime("modified");
            if (finish) team.AdditionalProperties = r.Remaining();
            return team;
        }

        public static PolarTeamPlayer Player(JsonRecord r, string teamId, string? teamName) => new PolarTeamPlayer
        {
            TeamId = teamId,
            TeamName = teamName,
            PlayerId = r.RequiredString("player_id"),
            PlayerNumber = r.Int("player_number"),
            Role = r.String("role"),
            FirstName = r.String("first_name"),
            LastName = r.String("last_name"),
            AdditionalProperties = r.Remaining(),
        };

        public static PolarSportProfile SportProfile(JsonRecord r, string teamId)
        {
            var profile = new PolarSportProfile
            {
                TeamId = teamId,
                Sport = r.String("sport"),
                Created = r.UtcDateTime("created"),
                Modified = r.UtcDateTime("modified"),
                SprintThresholdType = r.String("sprint_threshold_type"),
                SprintThreshold = r.Double("sprint_threshold"),
                GpsState = r.String("gps_state"),
                MuscleLoadSetting = r.String("muscle_load_setting"),
                HeartRateZoneType = r.String("heart_rate_zone_type"),
                SpeedZoneType = r.String("speed_zone_type"),
                PowerZoneType = r.String("power_zone_type"),
            };
            JsonRecord? zones = r.Object("zones");
            if (zones != null)
            {
                profile.HeartRateZones = ZoneRanges(zones, "heart_rate");
                profile.SpeedZones = ZoneRanges(zones, "speed");
                profile.PowerZones = ZoneRanges(zones, "power");
            }
            JsonRecord? acceleration = r.Object("acceleration_zones");
            if (acceleration != null)
            {
                var limits = acceleration.Objects("acceleration").Select(z => z.Double("limit")).Where(v => v != null)
                    .Select(v => v!.Value.ToString(CultureInfo.InvariantCulture)).ToArray();
                profile.AccelerationZones = limits.Length == 0 ? null : string.Join(";", limits);
            }
            profile.AdditionalProperties = r.Remaining();
            return profile;
        }

        private static string? ZoneRanges(JsonRecord zones, string name)
        {
            string[] ranges = zones.Objects(name)
                .Select(z => Number(z.Double("lower_limit")) + "-" + Number(z.Double("higher_limit")))
                .ToArray();
            return ranges.Length == 0 ? null : string.Join(";", ranges);
        }

        private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

        public static PolarTeamSession TeamSession(JsonRecord r) => FillTeamSession(new PolarTeamSession(), r, finish: true);

        public static PolarTeamSessionDetails TeamSessionDetails(JsonRecord r)
        {
            var session = FillTeamSession(new PolarTeamSessionDetails(), r, finish: false);
            session.Arena = r.String("arena");
            session.DistanceMeters = r.Double("distance");
            session.Kilocalories = r.Double("kilocalories");
            session.TrainingLoad = r.Double("training_load");
            session.HeartRateAverage = r.Double("heart_rate_average");
            session.CardioLoad = r.Double("cardio_load");
            session.CardioLoadInterpretation = r.Double("cardio_load_interpretation");
            session.Participants = r.Objects("participants").Select(p => new PolarParticipant
            {
                TeamSessionId = session.TeamSessionId,
                TeamId = session.TeamId,
                PlayerId = p.String("player_id") ?? string.Empty,
                PlayerSessionId = p.String("player_session_id") ?? string.Empty,
                PlayerNumber = p.Int("player_number"),
                Role = p.String("role"),
            }).ToArray();
            session.Markers = r.Objects("markers").Select(m => new PolarMarker
            {
                TeamSessionId = session.TeamSessionId,
                MarkerType = m.String("marker_type"),
                Name = m.String("name"),
                Note = m.String("note"),
                StartTime = m.LocalDateTime("start_time"),
                EndTime = m.LocalDateTime("end_time"),
            }).ToArray();
            session.HeartRateZones = Zones(r, "heart_rate_zones", "HeartRate");
            session.SpeedZones = Zones(r, "speed_zones_kmh", "Speed");
            session.PowerZones = Zones(r, "power_zones", "Power");
            session.AdditionalProperties = r.Remaining();
            return session;
        }

        private static T FillTeamSession<T>(T session, JsonRecord r, bool finish) where T : PolarTeamSession
        {
            session.TeamSessionId = r.RequiredString("id");
            session.TeamId = r.String("team_id") ?? string.Empty;
            session.Name = r.String("name");
            session.Type = r.String("type");
            session.Sport = r.String("sport");
            session.Note = r.String("note");
            session.RecordStartTime = r.LocalDateTime("record_start_time");
            session.RecordEndTime = r.LocalDateTime("record_end_time");
            session.StartTime = r.LocalDateTime("start_time");
            session.EndTime = r.LocalDateTime("end_time");
            session.Latitude = r.Double("latitude");
            session.Longitude = r.Double("longitude");
            session.Created = r.UtcDateTime("created");
            session.Modified = r.UtcDateTime("modified");
            if (finish) session.AdditionalProperties = r.Remaining();
            return session;
        }

        public static PolarZone[] Zones(JsonRecord r, string name, string kind) =>
            r.Objects(name).Select(z => new PolarZone
            {
                Kind = kind,
                Index = z.Int("index"),
                LowerLimit = z.Double("lower_limit") ?? (kind == "Acceleration" ? z.Double("limit") : null),
                HigherLimit = z.Double("higher_limit"),
                InZone = z.IsoDurationValue("in_zone"),
                InZoneMeters = z.Double("in_zone_meters"),
                InZoneMuscleLoad = z.Double("in_zone_muscle_load"),
                Counter = z.Double("counter"),
            }).ToArray();

        public static PolarPlayerSession PlayerSession(JsonRecord r, string? playerId) => FillPlayerSession(new PolarPlayerSession(), r, playerId, finish: true);

        public static PolarPlayerSessionDetails PlayerSessionDetails(JsonRecord r, string? playerId)
        {
            var s = FillPlayerSession(new PolarPlayerSessionDetails(), r, playerId, finish: false);
            s.Calories = r.Double("calories");
            s.DistanceMeters = r.Double("distance_meters");
            s.TrainingLoad = r.Double("training_load");
            s.TrainingBenefit = r.String("training_benefit");
            s.CardioLoad = r.Double("cardio_load");
            s.MuscleLoad = r.Double("muscle_load");
            s.RecoveryTime = r.Milliseconds("recovery_time_ms");
            s.FatPercentage = r.Int("fat_percentage");
            s.CarboPercentage = r.Int("carbo_percentage");
            s.ProteinPercentage = r.Int("protein_percentage");
            s.HeartRateMax = r.Int("heart_rate_max");
            s.HeartRateAvg = r.Int("heart_rate_avg");
            s.RunningIndex = r.Int("running_index");
            s.Ascent = r.Double("ascent");
            s.Descent = r.Double("descent");
            s.WalkingDuration = r.Milliseconds("walking_duration_ms");
            s.WalkingDistanceMeters = r.Double("walking_distance_meters");
            s.SprintCounter = r.Int("sprint_counter");
            s.Product = r.String("product");
            JsonElement? rr = r.Raw("rr_intervals");
            if (rr != null && rr.Value.ValueKind == JsonValueKind.Array)
            {
                s.RRIntervals = rr.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? (int?)Math.Round(v.GetDouble()) : null).ToArray();
            }
            r.Ignore("samples");
            s.AdditionalProperties = r.Remaining();
            return s;
        }

        private static T FillPlayerSession<T>(T s, JsonRecord r, string? playerId, bool finish) where T : PolarPlayerSession
        {
            s.PlayerSessionId = r.RequiredString("id");
            s.PlayerId = playerId ?? r.String("player_id");
            s.Type = r.String("type");
            s.Name = r.String("name");
            s.Sport = r.String("sport");
            s.Feeling = r.String("feeling");
            s.Note = r.String("note");
            s.StartTime = r.LocalDateTime("start_time");
            s.StopTime = r.LocalDateTime("stop_time");
            s.Duration = r.Milliseconds("duration_ms");
            s.TimezoneOffset = r.Int("timezone_offset");
            s.Latitude = r.Double("latitude");
            s.Longitude = r.Double("longitude");
            s.Created = r.UtcDateTime("created");
            s.Modified = r.UtcDateTime("modified");
            if (finish) s.AdditionalProperties = r.Remaining();
            return s;
        }

        public static PolarSessionSummary Summary(JsonRecord r, string playerSessionId, string? playerId, string? teamSessionId) => new PolarSessionSummary
        {
            PlayerSessionId = r.String("player_session_id") ?? playerSessionId,
            PlayerId = playerId,
            TeamSessionId = teamSessionId,
            PhaseName = r.String("phase_name") ?? r.String("name"),
            PhaseIndex = r.Int("phase_index"),
            TrimmedStartTime = r.LocalDateTime("trimmed_start_time"),
            Duration = r.Milliseconds("duration_ms"),
            DistanceMeters = r.Double("distance_meters"),
            Kilocalories = r.Double("kilo_calories"),
            HeartRateMax = r.Int("heart_rate_max"),
            HeartRateAvg = r.Int("heart_rate_avg"),
            HeartRateMin = r.Int("heart_rate_min"),
            HeartRateMaxPercent = r.Int("heart_rate_max_percent"),
            HeartRateAvgPercent = r.Int("heart_rate_avg_percent"),
            HeartRateMinPercent = r.Int("heart_rate_min_percent"),
            SprintCounter = r.Int("sprint_counter"),
            SpeedAvgKmh = r.Double("speed_avg_kmh"),
            SpeedMaxKmh = r.Double("speed_max_kmh"),
            CadenceAvg = r.Double("cadence_avg"),
            CadenceMax = r.Double("cadence_max"),
            TrainingLoad = r.Double("training_load"),
            CardioLoad = r.Double("cardio_load"),
            MuscleLoad = r.Double("muscle_load"),
            CardioLoadInterpretation = r.Int("cardio_load_interpretation"),
            MuscleLoadInterpretation = r.Int("muscle_load_interpretation"),
            OutOfHeartRateZones = r.IsoDurationValue("out_of_heart_rate_zones"),
            OutOfSpeedZonesMeters = r.Double("out_of_speed_zones"),
            OutOfPowerZones = r.IsoDurationValue("out_of_power_zones"),
            MinimumRR = r.Int("minimum_rr"),
            AverageRR = r.Int("average_rr"),
            MaximumRR = r.Int("maximum_rr"),
            Rmssd = r.Int("rmssd"),
            Created = r.UtcDateTime("created"),
            Modified = r.UtcDateTime("modified"),
            HeartRateZones = Zones(r, "heart_rate_zones", "HeartRate"),
            SpeedZones = Zones(r, "speed_zones_kmh", "Speed"),
            AccelerationZones = Zones(r, "acceleration_zones_ms2", "Acceleration"),
            PowerZones = Zones(r, "power_zones", "Power"),
            AdditionalProperties = r.Remaining(),
        };
    }
}
