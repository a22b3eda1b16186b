using System;
using System.Text;
using System.Text.RegularExpressions;

namespace SportsData.Http
{
    /// <summary>Removes secrets from anything that is about to be written to verbose, debug or error text.</summary>
    public static class SecretRedactor
    {
        private const string Mask = "***";

        private static readonly Regex SecretQueryParameter = new Regex(
            @"(?<name>[?&](?:[^=&]*(?:token|secret|password|signature|credential)[^=&]*|(?:api|access|secret|private)?[-_]?key|code|sig))=(?<value>[^&#]*)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        private static readonly Regex BearerLike = new Regex(
            @"\b(?<scheme>Bearer|Basic|API-KEY)\s+[A-Za-z0-9\-\._~\+/=]+",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        private static readonly Regex JwtLike = new Regex(
            @"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);

        /// <summary>A URI as text with the values of secret-looking query parameters masked.</summary>
        public static string RedactUri(Uri uri) => RedactText(uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped));

        /// <summary>Masks credentials in free text (vendor error bodies, URLs).</summary>
        public static string RedactText(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            string result = SecretQueryParameter.Replace(text!, m => m.Groups["name"].Value + "=" + Mask);
            result = BearerLike.Replace(result, m => m.Groups["scheme"].Value + " " + Mask);
            result = JwtLike.Replace(result, Mask);
            return result;
        }

        /// <summary>Also masks every occurrence of the given known secret values.</summary>
        public static string RedactKnown(string? text, params string?[] secrets)
        {
            var builder = new StringBuilder(RedactText(text));
            foreach (string? secret in secrets)
            {
                if (!string.IsNullOrEmpty(secret) && secret!.Length >= 4) builder.Replace(secret, Mask);
            }
            return builder.ToString();
        }
    }
}
