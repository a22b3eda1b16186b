using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.Auth
{
    /// <summary>
    /// Sends a bearer token and renews it shortly before it expires and when the server answers 401.
    /// Renewal is single-flight: concurrent requests wait for one refresh. Subclasses say how to renew.
    /// </summary>
    public class BearerAuthenticator : IAuthenticator
    {
        private readonly SemaphoreSlim _refreshLock = new SemaphoreSlim(1, 1);
        private readonly Func<TokenSet, CancellationToken, Task<TokenSet>>? _renew;
        private readonly string _vendor;
        private readonly string _reconnectHint;
        private TokenSet _tokens;

        public BearerAuthenticator(string vendor, TokenSet tokens, Func<TokenSet, CancellationToken, Task<TokenSet>>? renew, string reconnectHint)
        {
            _vendor = vendor;
            _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
            _renew = renew;
            _reconnectHint = reconnectHint;
        }

        /// <summary>How long before expiry a token is renewed.</summary>
        public TimeSpan RenewBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

        public SportsData.Http.Clock Clock { get; set; } = SportsData.Http.Clock.System;

        /// <summary>Raised after each successful renewal (the token cache saves rotated refresh tokens here).</summary>
        public event EventHandler<TokenSet>? TokensRenewed;

        public TokenSet Tokens => _tokens;

        public DateTimeOffset? ExpiresAt => _tokens.ExpiresAt;

        public bool CanRefresh => _renew != null && (_tokens.RefreshToken != null || RenewsWithoutRefreshToken);

        /// <summary>True where renewal needs no refresh token (e.g. a stored password).</summary>
        public bool RenewsWithoutRefreshToken { get; set; }

        public string?[] SecretsForRedaction => new[] { _tokens.AccessToken, _tokens.RefreshToken };

        protected virtual string Scheme => "Bearer";

        public async Task ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            TokenSet tokens = _tokens;
            if (IsDueForRenewal(tokens))
            {
                if (CanRefresh)
                {
                    await RenewAsync(tokens, cancellationToken).ConfigureAwait(false);
                    tokens = _tokens;
                }
                else if (IsExpired(tokens))
                {
                    throw new SportsDataException(ErrorIds.TokenExpired(_vendor), FailureKind.Authentication,
                        $"The {_vendor} access token expired at {tokens.ExpiresAt:u} and this connection cannot renew it. {_reconnectHint}");
                }
            }
            request.Headers.Authorization = new AuthenticationHeaderValue(Scheme, tokens.AccessToken);
        }

        public Task RefreshAsync(CancellationToken cancellationToken) => RenewAsync(_tokens, cancellationToken);

        private async Task RenewAsync(TokenSet seen, CancellationToken cancellationToken)
        {
            if (_renew == null)
            {
                throw new SportsDataException(ErrorIds.CannotRefresh(_vendor), FailureKind.Authentication,
                    $"The {_vendor} credentials were rejected and this connection holds nothing to renew them with. {_reconnectHint}");
            }
            await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!ReferenceEquals(seen, _tokens) && !IsDueForRenewal(_tokens)) return; // another request renewed meanwhile
                TokenSet renewed = await _renew(_tokens, cancellationToken).ConfigureAwait(false);
                _tokens = renewed;
                TokensRenewed?.Invoke(this, renewed);
            }
            finally
            {
                _refreshLock.Release();
            }
        }

        private bool IsDueForRenewal(TokenSet tokens) =>
            tokens.ExpiresAt != null && Clock.UtcNow >= tokens.ExpiresAt.Value - RenewBeforeExpiry;

        private bool IsExpired(TokenSet tokens) =>
            tokens.ExpiresAt != null && Clock.UtcNow >= tokens.ExpiresAt.Value;
    }
}
