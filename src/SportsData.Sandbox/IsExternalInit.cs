namespace System.Runtime.CompilerServices
{
    /// <summary>Lets records (their init accessors) compile on netstandard2.0; .NET 5 and later ship this type.</summary>
    internal static class IsExternalInit
    {
    }
}
