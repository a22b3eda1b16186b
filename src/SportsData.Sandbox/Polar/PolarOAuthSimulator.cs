using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;

namespace SportsData.Sandbox.Polar
{
    /// <summary>
    /// Polar's OAuth 2.0 server (auth.polar.com): GET /oauth/authorize issues a code and redirects, POST /oauth/token
    /// exchanges a code or a refresh token (client credentials in HTTP Basic) for a bearer access token. Every demo
    /// client (<see cref="PolarSimulator.DemoClientIdFor"/>) signs in with the demo secret and the demo refresh token.
    /// </summary>
    public sealed class PolarOAuthSimulator
    {
        private readonly SandboxOptions _options;
        private readonly ConcurrentDictionary<string, (string ClientId, DateTimeOffset ExpiresAt)> _accessTokens = new ConcurrentDictionary<string, (string, DateTimeOffset)>();
        private readonly ConcurrentDictionary<string, string> _refreshTokens = new ConcurrentDictionary<string, string>();
        private readonly ConcurrentDictionary<string, (string ClientId, string? RedirectUri)> _codes = new ConcurrentDictionary<string, (string, string?)>();
        private int _tokenCounter;

        public PolarOAuthSimulator(SandboxOptions options)
        {
            _options = options;
            _refreshTokens[PolarSimulator.DemoRefreshToken] = PolarSimulator.DemoClientId;
        }

        /// <summary>Successful calls to the token endpoint, by grant type.</summary>
        public ConcurrentDictionary<string, int> TokenGrants { get; } = new ConcurrentDictionary<string, int>();

        /// <summary>Issues an authorization code as if the user had approved access in the browser.</summary>
        public string IssueAuthorizationCode(string clientId, string? redirectUri = null)
        {
            string code = "code-" + Guid.NewGuid().ToString("N");
            _codes[code] = (clientId, redirectUri);
            return code;
        }

        /// <summary>Issues a refresh token for a client.</summary>
        public string IssueRefreshToken(string clientId)
        {
            string token = "refresh-" + Guid.NewGuid().ToString("N");
            _refreshTokens[token] = clientId;
            return token;
        }

        /// <summary>Issues an access token directly (for -AccessToken tests).</summary>
        public string IssueAccessToken(string clientId, TimeSpan lifetime)
        {
            string token = "access-" + System.Threading.Interlocked.Increment(ref _tokenCounter) + "-" + Guid.NewGuid().ToString("N");
            _accessTokens[token] = (clientId, DateTimeOffset.UtcNow + lifetime);
            return token;
        }

        /// <summary>Invalidates every access token (the next API call gets 401).</summary>
        public void RevokeAccessTokens() => _accessTokens.Clear();

        public bool IsRefreshTokenValid(string token) => _refreshTokens.ContainsKey(token);

        /// <summary>The client an unexpired access token was issued to; null for a missing, unknown or expired token.</summary>
        public string? ClientOfAccessToken(string? token) =>
            token != null && _accessTokens.TryGetValue(token, out var grant) && grant.ExpiresAt > DateTimeOffset.UtcNow ? grant.ClientId : null;

        public SimResponse? Handle(SimRequest request)
        {
            if (request.Path == "/oauth/authorize" && request.Method == "GET")
            {
                string? clientId = request.QueryValue("client_id");
                if (clientId == null || SecretOf(clientId) == null) return SimResponse.Text(400, "Unknown client_id", "text/html");
                if (request.QueryValue("response_type") != "code") return SimResponse.Text(400, "response_type must be code", "text/html");
                string? redirect = request.QueryValue("redirect_uri");
                string code = IssueAuthorizationCode(clientId, redirect);
                string state = request.QueryValue("state") ?? string.Empty;
                if (redirect == null) return SimResponse.Text(200, "<html><body>Authorization code: " + code + "</body></html>", "text/html");
                string location = redirect + (redirect.Contains("?") ? "&" : "?") + "code=" + Uri.EscapeDataString(code) + "&state=" + Uri.EscapeDataString(state);
                return SimResponse.Text(302, "", "text/html").WithHeader("Location", location);
            }
            if (request.Path == "/oauth/token" && request.Method == "POST")
            {
                string? clientId = BasicClient(request);
                if (clientId == null) return OAuthError(401, "invalid_client", "Bad client credentials");
                IDictionary<string, string> form = request.FormBody();
                form.TryGetValue("grant_type", out string? grantType);
                if (grantType == "authorization_code")
                {
                    if (!form.TryGetValue("code", out string? code) || !_codes.TryRemove(code, out var issued) || issued.ClientId != clientId)
                        return OAuthError(400, "invalid_grant", "Invalid authorization code");
                    form.TryGetValue("redirect_uri", out string? redirect);
                    if (issued.RedirectUri != null && issued.RedirectUri != redirect)
                        return OAuthError(400, "invalid_grant", "Redirect URI mismatch");
                    TokenGrants.AddOrUpdate(grantType, 1, (_, n) => n + 1);
                    return IssueTokens(clientId, IssueRefreshToken(clientId));
                }
                if (grantType == "refresh_token")
                {
                    if (!form.TryGetValue("refresh_token", out string? refresh) || !_refreshTokens.TryGetValue(refresh, out string? owner) || !OwnsRefreshToken(clientId, refresh, owner))
                        return OAuthError(400, "invalid_grant", "Invalid refresh token");
                    TokenGrants.AddOrUpdate(grantType, 1, (_, n) => n + 1);
                    if (_options.RotateRefreshTokens)
                    {
                        _refreshTokens.TryRemove(refresh, out _);
                        return IssueTokens(clientId, IssueRefreshToken(clientId));
                    }
                    return IssueTokens(clientId, null);
                }
                return OAuthError(400, "unsupported_grant_type", "Unsupported grant type");
            }
            return null;
        }

        private SimResponse IssueTokens(string clientId, string? refreshToken)
        {
            string access = IssueAccessToken(clientId, _options.AccessTokenLifetime);
            return SimResponse.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("access_token", access);
                w.WriteString("token_type", "bearer");
                if (refreshToken != null) w.WriteString("refresh_token", refreshToken);
                w.WriteNumber("expires_in", (long)_options.AccessTokenLifetime.TotalSeconds);
                w.WriteString("scope", "team_read");
                w.WriteString("jti", Guid.NewGuid().ToString());
                w.WriteEndObject();
            });
        }

        private string? BasicClient(SimRequest request)
        {
            string? authorization = request.Header("Authorization");
            if (authorization == null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
            string decoded;
            try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization.Substring(6).Trim())); }
            catch (FormatException) { return null; }
            int colon = decoded.IndexOf(':');
            if (colon < 0) return null;
            string id = decoded.Substring(0, colon);
            string? secret = SecretOf(id);
            return secret != null && secret == decoded.Substring(colon + 1) ? id : null;
        }

        /// <summary>The secret of a client the server knows: every demo client (<see cref="PolarSimulator.IsDemoClient"/>) has the demo secret.</summary>
        private static string? SecretOf(string? clientId) => PolarSimulator.IsDemoClient(clientId) ? PolarSimulator.DemoClientSecret : null;

        /// <summary>A refresh token belongs to the client it was issued to; the demo refresh token to every demo client.</summary>
        private static bool OwnsRefreshToken(string clientId, string refreshToken, string owner) =>
            owner == clientId || (refreshToken == PolarSimulator.DemoRefreshToken && PolarSimulator.IsDemoClient(clientId));

        private static SimResponse OAuthError(int status, string error, string description) =>
            SimResponse.Json(status, w => { w.WriteStartObject(); w.WriteString("error", error); w.WriteString("error_description", description); w.WriteEndObject(); });
    }
}
