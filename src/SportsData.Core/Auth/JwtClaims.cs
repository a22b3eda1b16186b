using System;
using System.Text.Json;

namespace SportsData.Auth
{
    /// <summary>The few claims of a JWT the module looks at, read without validating the signature.</summary>
    public readonly struct JwtClaims(bool isJwt, DateTimeOffset? expiresAt, string? tokenUse)
    {
        public bool IsJwt { get; } = isJwt;

        public DateTimeOffset? ExpiresAt { get; } = expiresAt;

        /// <summary>Cognito's token_use claim: "id" or "access".</summary>
        public string? TokenUse { get; } = tokenUse;

        /// <summary>The claims of a token; default (IsJwt false) when it is not a JWT.</summary>
        public static JwtClaims Read(string? token)
        {
            if (string.IsNullOrEmpty(token)) return default;
            string[] parts = token!.Trim().Split('.');
            if (parts.Length != 3) return default;
            try
            {
                string payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
                using JsonDocument document = JsonDocument.Parse(Convert.FromBase64String(payload));
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return default;
                DateTimeOffset? expires = root.TryGetProperty("exp", out JsonElement exp) && exp.ValueKind == JsonValueKind.Number
                    ? DateTimeOffset.FromUnixTimeSeconds((long)exp.GetDouble()) : (DateTimeOffset?)null;
                string? use = root.TryGetProperty("token_use", out JsonElement u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                return new JwtClaims(true, expires, use);
            }
            catch (Exception ex) when (ex is FormatException || ex is JsonException || ex is ArgumentException)
            {
                return default;
            }
        }
    }
}
