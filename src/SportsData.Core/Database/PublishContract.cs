#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Linq;

namespace SportsData.Database
{
    /// <summary>
    /// What the database needs to know about a dataset beyond its files' headers: each vendor's tables and their keys
    /// (the dataset contract in the README), and the sample folders with their keys and column types. Everything
    /// else (columns, their order, their types) is read from the files, so a column a newer sync adds is published
    /// without a change here.
    /// </summary>
    internal static class PublishContract
    {
        public const string Polar = "Polar";
        public const string Valor = "Valor";
        public const string Aikynetix = "Aikynetix";

        /// <summary>Vendor -> table (file name without extension) -> key columns.</summary>
        private static readonly Dictionary<string, Dictionary<string, string[]>> TableKeys = new Dictionary<string, Dictionary<string, string[]>>(StringComparer.Ordinal)
        {
            [Polar] = new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["teams"] = new[] { "team_id" },
                ["players"] = new[] { "team_id", "player_id" },
                ["team_sessions"] = new[] { "team_session_id" },
                ["participants"] = new[] { "team_session_id", "player_id" },
                ["markers"] = new[] { "team_session_id", "marker_index" },
                ["player_sessions"] = new[] { "player_session_id" },
                ["session_summaries"] = new[] { "player_session_id" },
                ["phase_summaries"] = new[] { "player_session_id", "phase_index" },
            },
            [Valor] = new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["athletes"] = new[] { "athlete_id" },
                ["sessions"] = new[] { "session_id" },
                ["reports"] = new[] { "session_id", "group", "metric", "side" },
            },
            [Aikynetix] = new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["sessions"] = new[] { "session_id" },
            },
        };

        /// <summary>Vendor -> sample folder -> its table.</summary>
        private static readonly Dictionary<string, SampleSet[]> SampleSets = new Dictionary<string, SampleSet[]>(StringComparer.Ordinal)
        {
            [Polar] = new[]
            {
                new SampleSet("samples", new[] { "player_session_id", "offset_ms" }, ColumnType.Double, new Dictionary<string, ColumnType>(StringComparer.Ordinal)
                {
                    ["team_session_id"] = ColumnType.Text, ["player_session_id"] = ColumnType.Text, ["player_id"] = ColumnType.Text,
                    ["time"] = ColumnType.Timestamp, ["offset_ms"] = ColumnType.Integer,
                    ["heart_rate"] = ColumnType.Double, ["speed"] = ColumnType.Double, ["distance"] = ColumnType.Double,
                    ["latitude"] = ColumnType.Double, ["longitude"] = ColumnType.Double, ["altitude"] = ColumnType.Double,
                    ["cadence"] = ColumnType.Double, ["forward_acceleration"] = ColumnType.Double, ["power"] = ColumnType.Double, ["rr"] = ColumnType.Double,
                }),
                new SampleSet("rr", new[] { "player_session_id", "index" }, ColumnType.Double, new Dictionary<string, ColumnType>(StringComparer.Ordinal)
                {
                    ["team_session_id"] = ColumnType.Text, ["player_session_id"] = ColumnType.Text, ["player_id"] = ColumnType.Text,
                    ["index"] = ColumnType.Integer, ["interval_ms"] = ColumnType.Integer, ["elapsed_ms"] = ColumnType.BigInt,
                }),
            },
            [Valor] = new[]
            {
                new SampleSet("ik", new[] { "session_id", "frame", "joint" }, ColumnType.Double, new Dictionary<string, ColumnType>(StringComparer.Ordinal)
                {
                    ["session_id"] = ColumnType.Text, ["athlete_id"] = ColumnType.Text, ["frame"] = ColumnType.Integer, ["time_s"] = ColumnType.Double,
                    ["joint"] = ColumnType.Text, ["angle"] = ColumnType.Double, ["velocity"] = ColumnType.Double, ["acceleration"] = ColumnType.Double,
                }),
            },
            [Aikynetix] = Array.Empty<SampleSet>(),
        };

        /// <summary>
        /// Which vendor wrote the dataset with these table files (names without extension) and sample folders, or
        /// null when it is not a dataset this module knows.
        /// </summary>
        public static string? VendorOf(ICollection<string> tables, ICollection<string> folders, Func<string, IReadOnlyList<string>> header)
        {
            if (tables.Contains("teams") || tables.Contains("team_sessions") || tables.Contains("player_sessions")) return Polar;
            if (tables.Contains("athletes") || tables.Contains("reports")) return Valor;
            if (tables.Contains("sessions"))
            {
                IReadOnlyList<string> columns = header("sessions");
                if (columns.Contains("athlete_id")) return Valor;
                if (columns.Contains("title") || columns.Contains("activity")) return Aikynetix;
            }
            if (folders.Contains("samples") || folders.Contains("rr")) return Polar;
            if (folders.Contains("ik")) return Valor;
            return null;
        }

        /// <summary>The default schema of a vendor's dataset.</summary>
        public static string DefaultSchema(string vendor) => vendor.ToLowerInvariant();

        /// <summary>The key columns of a table, or null when the contract does not know the table (it is then replaced whole).</summary>
        public static string[]? KeyOf(string vendor, string table) =>
            TableKeys.TryGetValue(vendor, out var tables) && tables.TryGetValue(table, out string[]? key) ? key : null;

        public static IReadOnlyList<SampleSet> SampleSetsOf(string vendor) =>
            SampleSets.TryGetValue(vendor, out SampleSet[]? sets) ? sets : Array.Empty<SampleSet>();

        /// <summary>
        /// The declared type of a table column, or null when it is inferred from the values: keys and ids are text
        /// whatever they look like (an id of digits stays an id, "001" keeps its zeros).
        /// </summary>
        public static ColumnType? DeclaredTableType(string column, IReadOnlyList<string>? key)
        {
            if (key != null && key.Contains(column)) return ColumnType.Text;
            if (column == "id" || column.EndsWith("_id", StringComparison.Ordinal) || column.EndsWith("_index", StringComparison.Ordinal)) return ColumnType.Text;
            if (UtcTimes.Contains(column)) return ColumnType.TimestampTz;
            if (LocalTimes.Contains(column)) return ColumnType.Timestamp;
            return null;
        }

        /// <summary>The contract's UTC times (written with Z), typed even while empty: deleted_at stays empty until a deletion.</summary>
        private static readonly HashSet<string> UtcTimes = new HashSet<string>(StringComparer.Ordinal) { "created", "modified", "deleted_at" };

        /// <summary>The contract's local (wall-clock) times, written without an offset.</summary>
        private static readonly HashSet<string> LocalTimes = new HashSet<string>(StringComparer.Ordinal)
        {
            "start_time", "end_time", "stop_time", "record_start_time", "record_end_time", "trimmed_start_time", "created_at",
        };
    }

    /// <summary>A folder of per-session sample files and the one table they load into.</summary>
    internal sealed class SampleSet
    {
        public SampleSet(string folder, string[] key, ColumnType otherColumns, Dictionary<string, ColumnType> types)
        {
            Folder = folder;
            Key = key;
            OtherColumns = otherColumns;
            Types = types;
        }

        /// <summary>The folder under the dataset, and the table's name.</summary>
        public string Folder { get; }

        /// <summary>The table's primary key; its first column is the session every file holds one of.</summary>
        public string[] Key { get; }

        public string SessionColumn => Key[0];

        /// <summary>The type of a column the contract does not name (a sample type added later).</summary>
        public ColumnType OtherColumns { get; }

        public Dictionary<string, ColumnType> Types { get; }

        public ColumnType TypeOf(string column) => Types.TryGetValue(column, out ColumnType type) ? type : OtherColumns;

        /// <summary>Every column the contract knows, in its order: a table made before a file has them all.</summary>
        public IEnumerable<string> KnownColumns => Types.Keys;
    }
}
#endif
