using System;

namespace SportsData.Sync
{
    /// <summary>What every vendor's sync takes besides its own filters.</summary>
    public abstract class VendorSyncOptions
    {
        /// <summary>The dataset folder (created when missing).</summary>
        public string Path { get; set; } = string.Empty;

        /// <summary>File format of the data files (IK data). Tables are always CSV.</summary>
        public DataFormat Format { get; set; } = DataFormat.Csv;

        /// <summary>Preview: list, compare with the stored state, report what would be fetched and written, write nothing.</summary>
        public bool WhatIf { get; set; }

        /// <summary>Hears each thing a -WhatIf run would do ("fetch the report of session X", "write ik/a/x.csv").</summary>
        public Action<string>? Planned { get; set; }

        /// <summary>Hears each item that failed (the exception names it; the key is the item id). The run goes on.</summary>
        public Action<Exception, string>? ItemFailed { get; set; }

        public SyncCheckpointPolicy? Checkpoints { get; set; }

        /// <summary>Test hook: sees the committer before the first write (to inject a crash at a write step).</summary>
        public Action<SyncCommitter>? OnCommitter { get; set; }

        /// <summary>
        /// Whether <paramref name="exception"/> is about one item (a report that does not parse, a 404, a server error
        /// after retries), so the run records it and goes on; rejected credentials, a refused write under -Path and
        /// cancellation stop the run.
        /// </summary>
        public static bool IsItemFailure(Exception exception) =>
            exception is SportsDataException failure
            && failure.Kind != FailureKind.Authentication
            && failure.Kind != FailureKind.NotConnected
            && failure.ParameterName != "Path";

        /// <summary>The extension of a data file in <paramref name="format"/>; Parquet is refused for vendors whose data files are CSV only.</summary>
        internal static string CsvExtension(DataFormat format, string cmdlet)
        {
            switch (format)
            {
                case DataFormat.Csv: return ".csv";
                case DataFormat.CsvGzip: return ".csv.gz";
                default:
                    throw SportsDataException.InvalidArgument("Format", $"{cmdlet} writes Csv or CsvGzip data files; -Format {format} is not supported for this vendor. Use -Format Csv or -Format CsvGzip.");
            }
        }
    }
}
