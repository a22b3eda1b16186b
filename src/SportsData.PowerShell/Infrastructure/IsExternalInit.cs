namespace System.Runtime.CompilerServices
{
    /// <summary>Lets the compiler emit init-only setters (records) for netstandard2.0, which does not define this type.</summary>
    internal static class IsExternalInit
    {
    }
}
