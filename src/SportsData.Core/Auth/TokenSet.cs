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

        /// <summary>
        /// Tokens from a refresh grant: servers that do not rotate refresh tokens send none back, and the one
        /// that was used stays valid.
        /// </summary>
        public TokenSet KeepingRefreshToken(string usedRefreshToken) =>
            RefreshToken != null ? this : new TokenSet(AccessToken, usedRefreshToken, ExpiresAt);

        public override string ToString() => "TokenSet (expires " + (ExpiresAt?.ToString("u") ?? "unknown") + ")";
    }
}
