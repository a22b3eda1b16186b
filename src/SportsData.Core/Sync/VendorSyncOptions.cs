using System;
using System.Threading.Tasks;

namespace SportsData.Sync
{
    /// <summary>What every vendor's sync takes besides its own filters.</summary>
    public abstract class VendorSyncOptions
    {
        /// <summary>The dataset folder (created when missing).</summary>
        public string Path { get; set; } = string.Empty;

        /// <summary>The account (connection name) this run syncs, for its result and run log; null when unnamed.</summary>
        public string? Account { get; set; }

        /// <summary>File format of the data files (Polar samples, Valor IK data). Tables are always CSV.</summary>
        public DataFormat Format { get; set; } = DataFormat.Csv;

        /// <summary>Utf8Bom starts every .csv file written (tables and data files) with a UTF-8 byte-order mark, for Excel.</summary>
        public CsvEncoding Encoding { get; set; } = CsvEncoding.Utf8NoBom;

        /// <summary>Preview: list, compare with the stored state, ask <see cref="ShouldProcess"/> per item, write nothing (not even the folder).</summary>
        public bool WhatIf { get; set; }

        /// <summary>Asked before an item is fetched and written: (target, action) -> go ahead. Null: always.</summary>
        public Func<string, string, Task<bool>>? ShouldProcess { get; set; }

        /// <summary>Receives each failed item (a non-terminating error): the exception and the item's id. The run goes on.</summary>
        public Action<Exception, object?>? ReportError { get; set; }

        /// <summary>When tables and state are checkpointed; null: the default policy.</summary>
        public SyncCheckpointPolicy? Checkpoint { get; set; }

        /// <summary>Test hook: see <see cref="SyncCommitter.BeforeWrite"/>.</summary>
        public Action<string>? BeforeWrite { get; set; }

        /// <summary>Whether to go ahead with an item (always when no one is asked).</summary>
        internal Task<bool> ConfirmAsync(string target, string action) => ShouldProcess?.Invoke(target, action) ?? Task.FromResult(true);

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
