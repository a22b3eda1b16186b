using System.Net;
using System.Security;

namespace SportsData.PowerShell
{
    internal static class SecretText
    {
        /// <summary>The plain text of a SecureString, only at the moment it goes on the wire.</summary>
        public static string? Reveal(SecureString? secure) => secure == null ? null : new NetworkCredential(string.Empty, secure).Password;
    }
}
