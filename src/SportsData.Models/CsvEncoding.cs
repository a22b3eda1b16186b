namespace SportsData
{
    /// <summary>
    /// The text encoding of the CSV files Export-PolarSample and the Sync cmdlets write (-Encoding). Both are UTF-8;
    /// they differ only in the byte-order mark at the start of each .csv file.
    /// </summary>
    public enum CsvEncoding
    {
        /// <summary>UTF-8 without a byte-order mark (the default and the dataset contract): what most tools and scripts expect.</summary>
        Utf8NoBom,

        /// <summary>
        /// UTF-8 with a byte-order mark (EF BB BF) at the start of each .csv file, so Excel opens a double-clicked file
        /// as UTF-8 (García, not GarcÃ­a). Gzip-compressed and Parquet files are not affected.
        /// </summary>
        Utf8Bom,
    }
}
