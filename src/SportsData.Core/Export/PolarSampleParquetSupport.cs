using System.IO;

namespace SportsData.Export
{
    /// <summary>Parquet needs .NET 8 (Parquet.Net); the netstandard2.0 build (Windows PowerShell 5.1) says how to get it.</summary>
    internal static partial class PolarSampleParquetSupport
    {
        public static bool IsAvailable => BuildTarget.IsNet8;

        public static IPolarSampleFormat Create(PolarSampleColumns columns, Stream destination)
        {
#if NET8_0_OR_GREATER
            return new PolarSampleParquetFormat(columns);
#else
            throw NotAvailable();
#endif
        }

        public static SportsDataException NotAvailable() =>
            new SportsDataException(ErrorIds.Export.ParquetNeedsPowerShell7, FailureKind.InvalidOperation,
                "Parquet files need PowerShell 7.4 or later (.NET 8); this session runs on Windows PowerShell or an older .NET. " +
                "Run the command in PowerShell 7.4+ (pwsh), or use -Format Csv or CsvGzip.");
    }
}
