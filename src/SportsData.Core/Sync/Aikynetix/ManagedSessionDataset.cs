using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SportsData.Aikynetix;

namespace SportsData.Sync.Aikynetix
{
    /// <summary>
    /// The AiKYNETIX dataset: <c>sessions.csv</c> with one row per session id and analyzed videos under
    /// <c>videos/&lt;session_id&gt;.mp4</c>. <c>metrics</c> and <c>report_comments</c> are flattened into one column
    /// per value (<c>metrics.cadence_spm</c>, <c>metrics.joint_angles.knee_flexion_deg</c>) where their shape
    /// allows: objects of at most <see cref="MaxFlattenedKeys"/> keys, <see cref="MaxDepth"/> levels deep. Lists
    /// and larger or deeper objects stay in their column as JSON text. Video URLs are stored without their query
    /// string: the signed part is a credential, and it changes at every listing.
    /// </summary>
    internal static class ManagedSessionDataset
    {
        public const string SessionsTable = "sessions";
        public const string VideosFolder = "videos";
        public const string MetricsPrefix = "metrics";
        public const string CommentsPrefix = "report_comments";
        public const int MaxFlattenedKeys = Defaults.AikynetixMaxFlattenedKeys;
        public const int MaxDepth = Defaults.AikynetixMaxFlattenDepth;

        /// <summary>The columns every sessions.csv has, in order; flattened metrics and comments follow, then <c>extra</c>.</summary>
        public static readonly string[] FixedColumns =
        {
            "session_id", "title", "activity", "created_at", "user_id", "user_name", "segments", "exercise", "state", "uploaded_by",
            "video_url", "analyzed_video_url",
        };

        public const string ExtraColumn = "extra";

        public static readonly string[] Key = { "session_id" };

        /// <summary>The session as column name → value; flattened columns only where the session has a value.</summary>
        public static Dictionary<string, string?> Row(ManagedSession session)
        {
            var row = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["session_id"] = session.SessionId,
                ["title"] = session.Title,
                ["activity"] = session.Activity,
                ["created_at"] = DatasetCsv.LocalTime(session.CreatedAt),
                ["user_id"] = session.UserId,
                ["user_name"] = session.UserName,
                ["segments"] = DatasetCsv.Number(session.Segments),
                ["exercise"] = session.Exercise,
                ["state"] = session.State,
                ["uploaded_by"] = session.UploadedBy,
                ["video_url"] = WithoutQuery(session.VideoUrl),
                ["analyzed_video_url"] = WithoutQuery(session.AnalyzedVideoUrl),
                [ExtraColumn] = DatasetValues.Json(session.AdditionalProperties),
            };
            Flatten(row, MetricsPrefix, session.Metrics, 1);
            Flatten(row, CommentsPrefix, session.ReportComments, 1);
            return row;
        }

        /// <summary>
        /// Column order: the fixed columns, then every flattened column in ordinal order (metrics.* before
        /// report_comments.*), then extra. Deterministic for a given set of columns.
        /// </summary>
        public static List<string> Columns(IEnumerable<string> flattened)
        {
            var columns = new List<string>(FixedColumns);
            columns.AddRange(flattened.Where(IsFlattened).Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal));
            columns.Add(ExtraColumn);
            return columns;
        }

        public static bool IsFlattened(string column) =>
            column.StartsWith(MetricsPrefix + ".", StringComparison.Ordinal) || column.StartsWith(CommentsPrefix + ".", StringComparison.Ordinal)
            || column == MetricsPrefix || column == CommentsPrefix;

        /// <summary>What identifies the analyzed video: its URL without the (signed, changing) query string. Null when there is none.</summary>
        public static string? VideoVersion(ManagedSession session) => WithoutQuery(session.AnalyzedVideoUrl);

        /// <summary>videos/&lt;session_id&gt;.mp4, relative to the dataset folder, with '/' separators.</summary>
        public static string VideoFile(string sessionId) => VideosFolder + "/" + DatasetFileName.Segment(sessionId) + ".mp4";

        public static string? WithoutQuery(string? url)
        {
            if (string.IsNullOrEmpty(url)) return null;
            int cut = url!.IndexOfAny(new[] { '?', '#' });
            return cut < 0 ? url : url.Substring(0, cut);
        }

        private static void Flatten(Dictionary<string, string?> row, string path, IDictionary<string, object?> map, int depth)
        {
            if (map.Count == 0) return;
            if (map.Count > MaxFlattenedKeys || depth > MaxDepth)
            {
                row[path] = DatasetValues.Json(map);
                return;
            }
            foreach (var pair in map)
            {
                string column = path + "." + pair.Key;
                switch (pair.Value)
                {
                    case null:
                        break;
                    case IDictionary<string, object?> nested:
                        Flatten(row, column, nested, depth + 1);
                        break;
                    case string text:
                        row[column] = text;
                        break;
                    case bool flag:
                        row[column] = DatasetCsv.Boolean(flag);
                        break;
                    case long or int:
                        row[column] = DatasetCsv.Number(Convert.ToInt64(pair.Value, CultureInfo.InvariantCulture));
                        break;
                    case double number:
                        row[column] = DatasetCsv.Number(number);
                        break;
                    default: // lists and anything else: JSON text
                        row[column] = DatasetValues.Json(pair.Value);
                        break;
                }
            }
        }
    }
}
