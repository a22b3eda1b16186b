using System.Collections.Generic;
using SportsData.Valor;

namespace SportsData.Sync.Valor
{
    /// <summary>
    /// The Valor dataset's tables and files: which columns, which keys, and how a vendor object becomes a row.
    /// <c>athletes.csv</c> (one row per athlete), <c>sessions.csv</c> (one row per session id; fields the module
    /// does not know stay in <c>extra</c> as JSON text), <c>reports.csv</c> (one row per session, metric group,
    /// metric and side) and one IK file per session under <c>ik/&lt;athlete_id&gt;/&lt;session_id&gt;.csv</c>.
    /// </summary>
    internal static class ValorDataset
    {
        public const string AthletesTable = "athletes";
        public const string SessionsTable = "sessions";
        public const string ReportsTable = "reports";
        public const string IKFolder = "ik";

        public static readonly string[] AthleteColumns = { "athlete_id", "first_name", "last_name", "extra" };
        public static readonly string[] AthleteKey = { "athlete_id" };

        public static readonly string[] SessionColumns = { "session_id", "athlete_id", "date", "duration_s", "assessment_id", "exercise_id", "session_name", "s3_key", "extra" };
        public static readonly string[] SessionKey = { "session_id" };

        /// <summary>reports_missing.csv: sessions whose report Valor answered 404 for, with when that was checked.</summary>
        public const string MissingReportsTable = "reports_missing";

        public static readonly string[] MissingReportColumns = { "session_id", "athlete_id", "s3_key", "checked_at", "message" };

        public static readonly string[] ReportColumns = { "session_id", "group", "metric", "side", "athlete_id", "avg_max", "score", "extra" };
        public static readonly string[] ReportKey = { "session_id", "group", "metric", "side" };

        /// <summary>Columns of an IK file: one row per frame per joint (as Get-ValorIKData), 60 Hz.</summary>
        public static readonly string[] IKColumns = { "session_id", "athlete_id", "frame", "time_s", "joint", "angle", "velocity", "acceleration" };

        public static string?[] AthleteRow(ValorAthlete athlete) => new[]
        {
            athlete.AthleteId,
            athlete.FirstName,
            athlete.LastName,
            DatasetValues.Json(athlete.AdditionalProperties),
        };

        public static string?[] SessionRow(ValorSession session) => new[]
        {
            session.SessionId,
            session.AthleteId,
            DatasetCsv.UtcTime(session.Date),
            DatasetValues.Seconds(session.Duration),
            session.AssessmentId,
            session.ExerciseId,
            session.SessionName,
            session.S3Key,
            DatasetValues.Json(session.AdditionalProperties),
        };

        public static string?[] ReportRow(ValorReportMetric metric) => new[]
        {
            metric.SessionId,
            metric.Group ?? string.Empty,
            metric.Metric,
            metric.Side ?? string.Empty,
            metric.AthleteId,
            DatasetCsv.Number(metric.AvgMax),
            DatasetCsv.Number(metric.Score),
            DatasetValues.Json(metric.AdditionalProperties),
        };

        public static string?[] IKRow(ValorIKFrame frame) => new[]
        {
            frame.SessionId,
            frame.AthleteId,
            DatasetCsv.Number((long)frame.Frame),
            DatasetCsv.Number(frame.TimeSeconds),
            frame.Joint,
            DatasetCsv.Number(frame.Angle),
            DatasetCsv.Number(frame.Velocity),
            DatasetCsv.Number(frame.Acceleration),
        };

        /// <summary>ik/&lt;athlete_id&gt;/&lt;session_id&gt; plus the format's extension, relative to the dataset folder, with '/' separators.</summary>
        public static string IKFile(string? athleteId, string sessionId, string extension) =>
            IKFolder + "/" + DatasetFileName.Segment(athleteId) + "/" + DatasetFileName.Segment(sessionId) + extension;

        /// <summary>Report rows of a session with duplicate keys (a metric sent twice) reduced to the last one, so a key is one row.</summary>
        public static List<string?[]> ReportRows(IEnumerable<ValorReportMetric> metrics)
        {
            var rows = new List<string?[]>();
            var index = new Dictionary<(string?, string?, string?), int>();
            foreach (ValorReportMetric metric in metrics)
            {
                string?[] row = ReportRow(metric);
                var key = (row[1], row[2], row[3]);
                if (index.TryGetValue(key, out int at)) rows[at] = row;
                else
                {
                    index[key] = rows.Count;
                    rows.Add(row);
                }
            }
            return rows;
        }
    }
}
