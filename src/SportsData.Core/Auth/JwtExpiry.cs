using System;
using System.Text;
using System.Text.Json;

namespace SportsData.Auth
{
    /// <summary>Reads the expiry of a JWT (its <c>exp</c> claim) without checking the signature: only to know when it runs out.</summary>
    public static class JwtExpiry
    {
        /// <summary>The token's expiry, or null when it is not a JWT or carries no numeric <c>exp</c>.</summary>
        public static DateTimeOffset? Read(string? token)
        {
            if (string.IsNullOrEmpty(token)) return null;
            string[] parts = token!.Trim().Split('.');
            if (parts.Length != 3 || parts[1].Length == 0) return null;
            byte[] payload;
            try
            {
                payload = Base64UrlDecode(parts[1]);
            }
            catch (FormatException)
            {
                return null;
            }
            try
            {
                using JsonDocument document = JsonDocument.Parse(payload);
                if (document.RootElement.ValueKind == JsonValueKind.Object &&
                    document.RootElement.TryGetProperty("exp", out JsonElement exp) &&
                    exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out long seconds))
                {
                    return DateTimeOffset.FromUnixTimeSeconds(seconds);
                }
            }
            catch (JsonException)
            {
            }
            return null;
        }

        private static byte[] Base64UrlDecode(string text)
        {
            var builder = new StringBuilder(text.Length + 3);
            builder.Append(text.Replace('-', '+').Replace('_', '/'));
            while (builder.Length % 4 != 0) builder.Append('=');
            return Convert.FromBase64String(builder.ToString());
        }
    }
}
