using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SportsData.Sandbox
{
    /// <summary>A request as the simulator sees it, independent of Kestrel or HttpClient.</summary>
    public sealed class SimRequest
    {
        public SimRequest(string method, string path, string queryString, IDictionary<string, string> headers, byte[] body)
        {
            Method = method.ToUpperInvariant();
            Path = path;
            Query = ParseQuery(queryString);
            Headers = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
            Body = body;
        }

        public string Method { get; }

        /// <summary>The URL path, unescaped, e.g. /v1/teams/abc.</summary>
        public string Path { get; }

        /// <summary>Query parameters; a repeated name keeps its last value, and a present-but-empty value is "".</summary>
        public IDictionary<string, string> Query { get; }

        public IDictionary<string, string> Headers { get; }

        public byte[] Body { get; }

        public string BodyText => Encoding.UTF8.GetString(Body);

        public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

        public string? QueryValue(string name) => Query.TryGetValue(name, out string? value) ? value : null;

        public string? BearerToken
        {
            get
            {
                string? authorization = Header("Authorization");
                if (authorization == null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
                return authorization.Substring(7).Trim();
            }
        }

        public JsonDocument? JsonBody()
        {
            if (Body.Length == 0) return null;
            try { return JsonDocument.Parse(Body); }
            catch (JsonException) { return null; }
        }

        /// <summary>Form fields of an application/x-www-form-urlencoded body.</summary>
        public IDictionary<string, string> FormBody() => ParseQuery(BodyText);

        /// <summary>Splits the path into segments after a prefix, or null when the prefix does not match.</summary>
        public string[]? SegmentsAfter(string prefix)
        {
            if (!Path.StartsWith(prefix, StringComparison.Ordinal)) return null;
            string rest = Path.Substring(prefix.Length);
            if (rest.Length > 0 && rest[0] != '/' && !prefix.EndsWith("/", StringComparison.Ordinal)) return null;
            return rest.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        }

        private static IDictionary<string, string> ParseQuery(string queryString)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (string.IsNullOrEmpty(queryString)) return result;
            foreach (string part in queryString.TrimStart('?').Split('&'))
            {
                if (part.Length == 0) continue;
                int equals = part.IndexOf('=');
                string name = WebUtility.UrlDecode(equals < 0 ? part : part.Substring(0, equals));
                string value = equals < 0 ? string.Empty : WebUtility.UrlDecode(part.Substring(equals + 1));
                result[name] = value;
            }
            return result;
        }
    }
}
