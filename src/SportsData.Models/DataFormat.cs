namespace SportsData
{
    /// <summary>File format of sample and dataset files: the -Format parameter of Export-PolarSample and the Sync cmdlets.</summary>
    public enum DataFormat
    {
        /// <summary>UTF-8 CSV without BOM, RFC 4180, invariant culture, header row (.csv).</summary>
        Csv,

        /// <summary>The same CSV, gzip-compressed (.csv.gz).</summary>
        CsvGzip,

        /// <summary>Apache Parquet with typed columns (.parquet); PowerShell 7.4 or later.</summary>
        Parquet,
    }
}
