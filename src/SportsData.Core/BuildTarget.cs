namespace SportsData
{
    /// <summary>Which build of the module is loaded: features with .NET 8-only libraries (Parquet.Net, Npgsql) ask here.</summary>
    internal static class BuildTarget
    {
        /// <summary>True in the net8.0 build (PowerShell 7.4+), false in the netstandard2.0 build (Windows PowerShell 5.1).</summary>
        public const bool IsNet8 =
#if NET8_0_OR_GREATER
            true;
#else
            false;
#endif
    }
}
