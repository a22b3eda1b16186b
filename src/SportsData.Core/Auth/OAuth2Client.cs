using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Http;
using SportsData.Json;

namespace SportsData.Auth
{
    /// <summary>OAuth 2.0 authorization-code and refresh-token grants with HTTP Basic client authentication.</summary>
    public sealed class OAuth2Client(string vendor, ApiTransport transport, Uri authorizeUri, Uri tokenUri, string clientId, string clientSecret)
    {
        public Uri BuildAuthorizeUri(string scope, Uri? redirectUri, string state)
        {
            var query = new StringBuilder();
            query.Append("client_id=").Append(Uri.EscapeDataString(clientId));
            query.Append("&response_type=code");
            query.Append("&scope=").Append(Uri.EscapeDataString(scope));
            if (redirectUri != null) query.Append("&redirect_uri=").Append(Uri.EscapeDataString(redirectUri.AbsoluteUri));
            query.Append("&state=").Append(Uri.EscapeDataString(state));
            var builder = new UriBuilder(authorizeUri) { Query = query.ToString() };
            return builder.Uri;
        }

        public Task<TokenSet> ExchangeCodeAsync(string code, Uri? redirectUri, CancellationToken cancellationToken)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("grant_type", "authorization_code"),
                new KeyValuePair<string, string>("code", code),
            };
            if (redirectUri != null) form.Add(new KeyValuePair<string, string>("redirect_uri", redirectUri.AbsoluteUri));
            return RequestTokenAsync(form, "authorization code", cancellationToken);
        }

        /// <summary>Renews the access token. Where the server does not rotate the refresh token, the old one is kept.</summary>
        public async Task<TokenSet> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("grant_type", "refresh_token"),
                new KeyValuePair<string, string>("refresh_token", refreshToken),
            };
            TokenSet renewed = await RequestTokenAsync(form, "refresh token", cancellationToken).ConfigureAwait(false);
            return renewed.KeepingRefreshToken(refreshToken);
        }

        private async Task<TokenSet> RequestTokenAsync(List<KeyValuePair<string, string>> form, string grantDescription, CancellationToken cancellationToken)
        {
            string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + clientSecret));
            // A successful answer is parsed inside the retry policy: a token response cut short is asked for again.
            (HttpStatusCode status, string? reason, string body, OAuthTokenResponse? token) = await transport.SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, tokenUri) { Content = new FormUrlEncodedContent(form) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return request;
            }, (response, bytes) =>
            {
                string text = Encoding.UTF8.GetString(bytes.Array!, bytes.Offset, bytes.Count);
                OAuthTokenResponse? parsed = response.IsSuccessStatusCode ? JsonSerializer.Deserialize(text, CoreJsonContext.Default.OAuthTokenResponse) : null;
                return (response.StatusCode, response.ReasonPhrase, text, parsed);
            }, cancellationToken, status => status == HttpStatusCode.BadRequest || status == HttpStatusCode.Unauthorized || status == HttpStatusCode.Forbidden, safeToRepeat: true).ConfigureAwait(false);

            if ((int)status >= 300)
            {
                OAuthError? error = TryDeserialize(body, CoreJsonContext.Default.OAuthError);
                string code = error?.Error ?? ((int)status).ToString(CultureInfo.InvariantCulture);
                string detail = SecretRedactor.RedactText(error?.ErrorDescription ?? error?.Error ?? TransportErrors.ExtractVendorMessage(body) ?? reason);
                if (code == "invalid_client" || status == HttpStatusCode.Unauthorized)
                {
                    throw new SportsDataException(ErrorIds.InvalidClient(vendor), FailureKind.Authentication,
                        $"The {vendor} token endpoint rejected the client id or client secret ({detail}). Check -ClientId and -ClientSecret against the application registered with {vendor}.")
                    { ParameterName = "ClientSecret" };
                }
                throw new SportsDataException(ErrorIds.InvalidGrant(vendor), FailureKind.Authentication,
                    $"The {vendor} token endpoint rejected the {grantDescription} ({code}: {detail}). It may have expired, been used already, or belong to another client; run the interactive sign-in again to get a new one.")
                { ParameterName = grantDescription == "refresh token" ? "RefreshToken" : "AuthorizationCode" };
            }

            if (token == null || string.IsNullOrEmpty(token.AccessToken))
            {
                throw new SportsDataException(ErrorIds.InvalidTokenResponse(vendor), FailureKind.InvalidData,
                    $"The {vendor} token endpoint answered without an access token.");
            }
            DateTimeOffset? expiresAt = token.ExpiresIn != null ? DateTimeOffset.UtcNow.AddSeconds(token.ExpiresIn.Value) : (DateTimeOffset?)null;
            return new TokenSet(token.AccessToken!, token.RefreshToken, expiresAt);
        }

        private static T? TryDeserialize<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) where T : class
        {
            try { return JsonSerializer.Deserialize(body, typeInfo); }
            catch (JsonException) { return null; }
        }
    }

    internal sealed class OAuthTokenResponse
    {
        [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
        [JsonPropertyName("token_type")] public string? TokenType { get; set; }
        [JsonPropertyName("refresh_token")] public string? RefreshToken { get; set; }
        [JsonPropertyName("expires_in")] public double? ExpiresIn { get; set; }
        [JsonPropertyName("scope")] public string? Scope { get; set; }
    }

    internal sealed class OAuthError
    {
        [JsonPropertyName("error")] public string? Error { get; set; }
        [JsonPropertyName("error_description")] public string? ErrorDescription { get; set; }
    }
}
