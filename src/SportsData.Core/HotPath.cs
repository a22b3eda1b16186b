using System.Runtime.CompilerServices;

namespace SportsData
{
    /// <summary>
    /// MethodImplOptions for the per-row loops of sample files: compiled fully optimised on first call instead of
    /// running instrumented tier-0 code through most of a one-shot export (measured: about a third of an export's
    /// CPU time went to tiering). The value is AggressiveOptimization, which netstandard2.0 does not name; .NET
    /// Framework ignores it.
    /// </summary>
    internal static class HotPath
    {
        public const MethodImplOptions Options = (MethodImplOptions)512;
    }
}
