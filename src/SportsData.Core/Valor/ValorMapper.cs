using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using SportsData.Json;

namespace SportsData.Valor
{
    /// <summary>
    /// Maps Valor JSON to the module's flat output types. Valor's keys contain spaces ("Session ID") and the
    /// athlete id key is not documented, so fields are found by name ignoring case, spaces and underscores.
    /// </summary>
    internal static class ValorMapper
    {
        private static readonly string[] AthleteIdKeys = { "athleteid", "id", "athlete", "userid", "valorid" };
        private const double IkFrameRate = 60.0;

        public static ValorSession Session(JsonRecord r)
        {
            string? assessment = Text(r, "assessmentid");
            var session = new ValorSession
            {
                SessionId = Text(r, "sessionid", "id") ?? string.Empty,
                Date = Date(r, "date", "datetime", "timestamp", "createdat"),
                S3Key = Text(r, "s3key"),
                Duration = Seconds(r, "duration", "durationseconds"),
                AthleteId = Text(r, "athleteid"),
                AssessmentId = assessment,
                IsSingleExercise = string.Equals(assessment, "singleExercise", StringComparison.OrdinalIgnoreCase),
                ExerciseId = Text(r, "exerciseid"),
                SessionName = Text(r, "sessionname", "name"),
            };
            session.AdditionalProperties = r.Remaining();
            return session;
        }

        public static ValorAthlete Athlete(JsonRecord r)
        {
            var athlete = new ValorAthlete
            {
                AthleteId = Text(r, AthleteIdKeys) ?? string.Empty,
                FirstName = Text(r, "firstname", "first"),
                LastName = Text(r, "lastname", "last", "surname"),
            };
            athlete.AdditionalProperties = r.Remaining();
            return athlete;
        }

        /// <summary>
        /// reportData as rows: WorkoutMetrics → group (Ang, ...) → metric → side (L, R, F, B) → {AvgMax, Score}.
        /// Missing levels are tolerated: a metric without sides gives one row with no side.
        /// </summary>
        public static List<ValorReportMetric> Report(JsonElement body, string s3Key, string? sessionId, string? athleteId)
        {
            var rows = new List<ValorReportMetric>();
            if (body.ValueKind != JsonValueKind.Object) return rows;
            JsonElement metrics = FindProperty(body, "workoutmetrics") ?? body;
            if (metrics.ValueKind != JsonValueKind.Object) return rows;
            foreach (JsonProperty group in metrics.EnumerateObject())
            {
                if (group.Value.ValueKind != JsonValueKind.Object) continue;
                foreach (JsonProperty metric in group.Value.EnumerateObject())
                {
                    ValorReportMetric Row(string? side) => new ValorReportMetric { S3Key = s3Key, SessionId = sessionId, AthleteId = athleteId, Group = group.Name, Metric = metric.Name, Side = side };
                    JsonElement value = metric.Value;
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        ValorReportMetric plain = Row(null);
                        if (value.ValueKind != JsonValueKind.Null) plain.AdditionalProperties["Value"] = JsonRecord.ToPlain(value);
                        rows.Add(plain);
                        continue;
                    }
                    if (HasStatistics(value))
                    {
                        rows.Add(Fill(Row(null), new JsonRecord(value)));
                        continue;
                    }
                    var shared = new FieldMap();
                    var sides = new List<ValorReportMetric>();
                    foreach (JsonProperty side in value.EnumerateObject())
                    {
                        if (side.Value.ValueKind == JsonValueKind.Object) sides.Add(Fill(Row(side.Name), new JsonRecord(side.Value)));
                        else shared[side.Name] = JsonRecord.ToPlain(side.Value);
                    }
                    if (sides.Count == 0)
                    {
                        ValorReportMetric only = Row(null);
                        only.AdditionalProperties = shared;
                        rows.Add(only);
                        continue;
                    }
                    foreach (ValorReportMetric row in sides)
                    {
                        foreach (var pair in shared) row.AdditionalProperties[pair.Key] = pair.Value;
                        rows.Add(row);
                    }
                }
            }
            return rows;
        }

        private static bool HasStatistics(JsonElement value) => FindProperty(value, "avgmax") != null || FindProperty(value, "score") != null;

        private static ValorReportMetric Fill(ValorReportMetric row, JsonRecord r)
        {
            row.AvgMax = Number(r, "avgmax");
            row.Score = Number(r, "score");
            row.AdditionalProperties = r.Remaining();
            return row;
        }

        /// <summary>
        /// ikData as rows, one per frame per joint: arrays "time", "&lt;joint&gt;", "&lt;joint&gt;_vel", "&lt;joint&gt;_acc"
        /// (60 Hz). Arrays of unequal length are read by index, with nulls where one runs out.
        /// </summary>
        public static IEnumerable<ValorIKFrame> IKFrames(JsonElement body, string s3Key, string? sessionId, string? athleteId, Func<string, bool>? includeJoint)
        {
            if (body.ValueKind != JsonValueKind.Object) yield break;
            double?[]? time = null;
            var joints = new List<string>();
            var angle = new Dictionary<string, double?[]>(StringComparer.Ordinal);
            var velocity = new Dictionary<string, double?[]>(StringComparer.Ordinal);
            var acceleration = new Dictionary<string, double?[]>(StringComparer.Ordinal);
            foreach (JsonProperty property in body.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Array) continue;
                string name = property.Name;
                if (string.Equals(name, "time", StringComparison.OrdinalIgnoreCase))
                {
                    time = Numbers(property.Value);
                    continue;
                }
                Dictionary<string, double?[]> target = angle;
                if (EndsWith(name, "_vel")) { target = velocity; name = name.Substring(0, name.Length - 4); }
                else if (EndsWith(name, "_acc")) { target = acceleration; name = name.Substring(0, name.Length - 4); }
                if (!joints.Contains(name))
                {
                    if (includeJoint != null && !includeJoint(name)) continue;
                    joints.Add(name);
                }
                target[name] = Numbers(property.Value);
            }
            int frames = time?.Length ?? 0;
            foreach (var set in new[] { angle, velocity, acceleration })
            {
                foreach (double?[] values in set.Values) frames = Math.Max(frames, values.Length);
            }
            for (int frame = 0; frame < frames; frame++)
            {
                double? seconds = time != null ? At(time, frame) : frame / IkFrameRate;
                foreach (string joint in joints)
                {
                    yield return new ValorIKFrame
                    {
                        S3Key = s3Key,
                        SessionId = sessionId,
                        AthleteId = athleteId,
                        Frame = frame,
                        TimeSeconds = seconds,
                        Joint = joint,
                        Angle = angle.TryGetValue(joint, out double?[]? a) ? At(a, frame) : null,
                        Velocity = velocity.TryGetValue(joint, out double?[]? v) ? At(v, frame) : null,
                        Acceleration = acceleration.TryGetValue(joint, out double?[]? c) ? At(c, frame) : null,
                    };
                }
            }
        }

        private static bool EndsWith(string name, string suffix) => name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);

        private static double? At(double?[] values, int index) => index < values.Length ? values[index] : null;

        private static double?[] Numbers(JsonElement array)
        {
            var values = new double?[array.GetArrayLength()];
            int i = 0;
            foreach (JsonElement item in array.EnumerateArray()) values[i++] = ToDouble(item);
            return values;
        }

        private static double? ToDouble(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
            if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && !double.IsNaN(parsed)) return parsed;
            return null;
        }

        /// <summary>Normalised: lower case without spaces, underscores or hyphens ("Session ID" → "sessionid").</summary>
        public static string Normalize(string name)
        {
            var chars = new char[name.Length];
            int n = 0;
            foreach (char c in name)
            {
                if (c == ' ' || c == '_' || c == '-') continue;
                chars[n++] = char.ToLowerInvariant(c);
            }
            return new string(chars, 0, n);
        }

        /// <summary>The actual name of the first field matching one of the normalised candidates, in candidate order.</summary>
        private static string? Find(JsonRecord r, string[] candidates)
        {
            foreach (string candidate in candidates)
            {
                foreach (JsonProperty property in r.Element.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.Null && Normalize(property.Name) == candidate) return property.Name;
                }
            }
            return null;
        }

        private static JsonElement? FindProperty(JsonElement element, string normalized)
        {
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (Normalize(property.Name) == normalized) return property.Value;
            }
            return null;
        }

        private static string? Text(JsonRecord r, params string[] candidates)
        {
            string? name = Find(r, candidates);
            return name == null ? null : r.String(name);
        }

        private static double? Number(JsonRecord r, params string[] candidates)
        {
            string? name = Find(r, candidates);
            return name == null ? null : r.Double(name);
        }

        /// <summary>Seconds as a number or text; "hh:mm:ss" text is read as a time span.</summary>
        private static TimeSpan? Seconds(JsonRecord r, params string[] candidates)
        {
            string? name = Find(r, candidates);
            if (name == null) return null;
            TimeSpan? seconds = r.Seconds(name);
            if (seconds != null) return seconds;
            string? text = r.String(name);
            return text != null && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan parsed) ? parsed : (TimeSpan?)null;
        }

        /// <summary>UTC: ISO text (no offset means UTC, as documented) or epoch seconds / milliseconds.</summary>
        private static DateTime? Date(JsonRecord r, params string[] candidates)
        {
            string? name = Find(r, candidates);
            if (name == null) return null;
            JsonElement value = r.Raw(name)!.Value;
            double epoch;
            if (value.ValueKind == JsonValueKind.Number) epoch = value.GetDouble();
            else if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)) epoch = parsed;
            else return r.UtcDateTime(name);
            // Below 1e11 the number is seconds (year 5138 at the earliest in milliseconds would be absurd).
            long milliseconds = Math.Abs(epoch) < 1e11 ? (long)Math.Round(epoch * 1000) : (long)Math.Round(epoch);
            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;
        }
    }
}
