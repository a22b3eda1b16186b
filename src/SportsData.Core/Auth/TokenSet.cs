using System;

namespace SportsData.Auth
{
    /// <summary>Tokens of one connection. Never printed: <see cref="ToString"/> shows only expiry.</summary>
    public sealed class TokenSet
    {
        public TokenSet(string accessToken, string? refreshToken, DateTimeOffset? expiresAt)
        {
            AccessToken = accessToken ?? throw new ArgumentNullException(nameof(accessToken));
            RefreshToken = refreshToken;
            ExpiresAt = expiresAt;
        }

        public string AccessToken { get; }

        public string? RefreshToken { get; }

        public DateTimeOffset? ExpiresAt { get; }

        public override string ToString() => "TokenSet (expires " + (ExpiresAt?.ToString("u") ?? "unknown") + ")";
    }
}
