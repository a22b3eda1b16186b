using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.Auth
{
    /// <summary>
    /// Sends a static API key, either in its own header (<c>API-KEY: key</c>) or in Authorization with a scheme
    /// (<c>Authorization: API-KEY key</c>). A key does not expire and cannot be renewed.
    /// </summary>
    public sealed class ApiKeyAuthenticator : IAuthenticator
    {
        private readonly string _key;
        private readonly string? _headerName;
        private readonly string? _scheme;

        private ApiKeyAuthenticator(string key, string? headerName, string? scheme)
        {
            if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException("The API key is empty.", nameof(key));
            _key = key.Trim();
            _headerName = headerName;
            _scheme = scheme;
        }

        /// <summary>The key as the value of its own header, e.g. <c>API-KEY: key</c>.</summary>
        public static ApiKeyAuthenticator InHeader(string key, string headerName) => new ApiKeyAuthenticator(key, headerName, null);

        /// <summary>The key in the Authorization header with a scheme, e.g. <c>Authorization: API-KEY key</c>.</summary>
        public static ApiKeyAuthenticator InAuthorization(string key, string scheme) => new ApiKeyAuthenticator(key, null, scheme);

        public bool CanRefresh => false;

        public DateTimeOffset? ExpiresAt => null;

        public string?[] SecretsForRedaction => new[] { _key };

        public Task ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_headerName != null)
            {
                request.Headers.Remove(_headerName);
                request.Headers.TryAddWithoutValidation(_headerName, _key);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue(_scheme!, _key);
            }
            return Task.CompletedTask;
        }

        public Task RefreshAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("An API key cannot be renewed.");

        public override string ToString() => _headerName != null ? "API key in the " + _headerName + " header" : "API key in Authorization (" + _scheme + ")";
    }
}
