#if NET8_0_OR_GREATER
using System;

namespace SportsData.Database
{
    /// <summary>
    /// One sample file read row by row: a CSV or CSV.gz file (<see cref="DatasetFileReader"/>, values as text) or a
    /// Parquet file (<see cref="ParquetSampleReader"/>, typed values, one row group in memory at a time).
    /// </summary>
    internal interface ISampleFile : IDisposable
    {
        string Path { get; }

        /// <summary>The column names, in file order.</summary>
        string[] Columns { get; }

        /// <summary>Rows read so far (the current row's number, 1-based).</summary>
        long Rows { get; }

        bool Read();

        /// <summary>The current row's value of a column as text; empty for a missing or null value.</summary>
        string Text(int column);

        /// <summary>Reads to the end and returns the hash of the file's bytes: the version its load record keeps.</summary>
        string FinishHash();
    }

    internal static class SampleFile
    {
        public const string ParquetExtension = ".parquet";

        public static bool IsParquet(string path) => path.EndsWith(ParquetExtension, StringComparison.OrdinalIgnoreCase);

        /// <summary>Opens a sample file by its extension: .parquet, else CSV (.csv, .csv.gz).</summary>
        public static ISampleFile Open(string path) => IsParquet(path) ? new ParquetSampleReader(path) : new DatasetFileReader(path);
    }
}
#endif
