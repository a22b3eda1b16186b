using System;
using System.Collections.Generic;
using System.Linq;
using SportsData.Export;

namespace SportsData.Sync.Polar
{
    /// <summary>
    /// Where a Polar player session's data files live: &lt;samples|rr&gt;/&lt;team_id&gt;/&lt;yyyy-MM-dd&gt;/&lt;player_session_id&gt;&lt;extension&gt;,
    /// ids through <see cref="DatasetFileName.Segment"/>, so the names are the same on every system.
    /// </summary>
    internal static class PolarDataFiles
    {
        public const string SamplesFolder = "samples";
        public const string RRFolder = "rr";

        private static readonly DataFormat[] Formats = { DataFormat.Csv, DataFormat.CsvGzip, DataFormat.Parquet };

        /// <summary>Relative path of a player session's data file.</summary>
        public static string Path(string root, string teamId, string? localStart, string playerSessionId, string extension) =>
            Path(root, teamId, localStart, playerSessionId, extension, DatasetFileName.Segment);

        /// <summary>Every data file a player session may have (both folders, every format), for one day.</summary>
        public static IEnumerable<string> All(string teamId, string? localStart, string playerSessionId) =>
            from root in new[] { SamplesFolder, RRFolder }
            from format in Formats
            select Path(root, teamId, localStart, playerSessionId, PolarSampleFileWriter.FileExtension(format));

        /// <summary>
        /// Renames data files written under the earlier rule (this system's <see cref="System.IO.Path.GetInvalidFileNameChars"/>,
        /// which differ between Windows and Linux) to today's names, so an existing dataset keeps its files and fetches
        /// nothing again. Only ids the two rules name differently are looked at. Returns how many files moved.
        /// </summary>
        public static int MigrateNames(SyncContext context, KeyedCsvTable playerSessions)
        {
            int moved = 0;
            foreach (IReadOnlyList<string?> row in playerSessions.Rows)
            {
                string id = row[0]!;
                string teamId = playerSessions.Value(row, "team_id") ?? string.Empty;
                if (LegacySegment(id) == DatasetFileName.Segment(id) && LegacySegment(teamId) == DatasetFileName.Segment(teamId)) continue;
                string? start = playerSessions.Value(row, "start_time");
                foreach (string root in new[] { SamplesFolder, RRFolder })
                {
                    foreach (DataFormat format in Formats)
                    {
                        string extension = PolarSampleFileWriter.FileExtension(format);
                        if (context.MoveFile(Path(root, teamId, start, id, extension, LegacySegment), Path(root, teamId, start, id, extension))) moved++;
                    }
                }
            }
            if (moved > 0) context.Log.Verbose($"Polar sync: {moved} data file(s) renamed to the portable file names.");
            return moved;
        }

        private static string Path(string root, string teamId, string? localStart, string playerSessionId, string extension, Func<string, string> segment)
        {
            string day = localStart != null && localStart.Length >= 10 ? localStart.Substring(0, 10) : "undated";
            return root + "/" + segment(teamId) + "/" + day + "/" + segment(playerSessionId) + extension;
        }

        /// <summary>The rule of module versions before the portable names (kept only to find their files).</summary>
        private static string LegacySegment(string id)
        {
            char[] invalid = System.IO.Path.GetInvalidFileNameChars();
            string name = new string(id.Select(c => Array.IndexOf(invalid, c) >= 0 || c == '/' || c == '\\' ? '_' : c).ToArray());
            return name.Trim('.').Length == 0 ? "_" + name : name;
        }
    }
}
