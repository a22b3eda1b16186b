using System;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Auth;
using SportsData.Connections;
using SportsData.Http;
using SportsData.Sandbox;
using SportsData.Sandbox.Polar;

namespace SportsData.Polar
{
    /// <summary>Everything Connect-PolarTeamPro can set. Defaults are Polar's documented endpoints and limits.</summary>
    public sealed class PolarConnectOptions : IVendorConnectOptions
    {
        public static readonly Uri DefaultApiBaseUri = new Uri("https://teampro.api.polar.com/");
        public static readonly Uri DefaultAuthorizeUri = new Uri("https://auth.polar.com/oauth/authorize");
        public static readonly Uri DefaultTokenUri = new Uri("https://auth.polar.com/oauth/token");
        public const string Scope = "team_read";

        public Uri ApiBaseUri { get; set; } = DefaultApiBaseUri;
        public Uri AuthorizeUri { get; set; } = DefaultAuthorizeUri;
        public Uri TokenUri { get; set; } = DefaultTokenUri;
        public string? ClientId { get; set; }
        public string? ClientSecret { get; set; }
        public Uri? RedirectUri { get; set; }
        public string? TokenCachePath { get; set; }
        public int RateLimitBurst { get; set; } = Defaults.PolarRateLimitBurst;
        public double RateLimitPerSecond { get; set; } = Defaults.PolarRateLimitPerSecond;
        public RetrySettings Retry { get; set; } = new RetrySettings();
        /// <summary>Replaces the network: the sandbox's in-process handler, or a test double.</summary>
        public System.Net.Http.HttpMessageHandler? PrimaryHandler { get; set; }
        /// <summary>The proxy of every request: the API, sign-in and token renewal (the system proxy unless told otherwise).</summary>
        public ConnectionProxy Proxy { get; set; } = ConnectionProxy.System;
        public bool IsSandbox { get; set; }

        /// <summary>Base of the in-process sandbox's Polar API and OAuth server (never resolved: the sandbox handler answers).</summary>
        public static readonly Uri SandboxBaseUri = new Uri("https://teampro.sandbox.sportsdata.invalid/");

        /// <summary>
        /// Points these options at the in-process simulator of <paramref name="world"/> with its demo client: the unnamed
        /// one, or for a named sandbox account (<c>-Name men</c>) a demo client of its own, so that each account has its own
        /// rate limit (Polar limits requests per client) and named sandbox accounts sync side by side.
        /// </summary>
        public void UseSandbox(SandboxWorld world, string? account = null)
        {
            ApiBaseUri = SandboxBaseUri;
            AuthorizeUri = new Uri(SandboxBaseUri, "oauth/authorize");
            TokenUri = new Uri(SandboxBaseUri, "oauth/token");
            ClientId = PolarSimulator.DemoClientIdFor(account);
            ClientSecret = PolarSimulator.DemoClientSecret;
            PrimaryHandler = new SandboxHandler(world);
            Proxy = ConnectionProxy.None; // the sandbox makes no network requests
            IsSandbox = true;
        }
    }

    /// <summary>The engine behind a <see cref="PolarConnection"/>: transport, tokens, limiter, client.</summary>
    public sealed class PolarSession : ConnectionEngine<PolarClient, BearerAuthenticator>
    {
        internal PolarSession(ApiTransport transport, BearerAuthenticator authenticator, ApiTransport authTransport, OAuth2Client? oauth, TokenCache? cache)
            : base(transport, authenticator, new PolarClient(transport), authTransport)
        {
            OAuth = oauth;
            Cache = cache;
        }

        internal OAuth2Client? OAuth { get; }
        public TokenCache? Cache { get; }

        public static PolarSession Of(PolarConnection connection) => (PolarSession)connection.Engine;
    }

    /// <summary>Builds Polar connections for every way a user can authenticate.</summary>
    public static class PolarConnector
    {
        /// <summary>A state value for the authorize URL, checked when the code comes back.</summary>
        public static string NewState() => Guid.NewGuid().ToString("N");

        public static Uri BuildAuthorizeUri(PolarConnectOptions options, string state)
        {
            RequireClient(options);
            return new OAuth2Client("Polar", CreateAuthTransport(options), options.AuthorizeUri, options.TokenUri, options.ClientId!, options.ClientSecret!)
                .BuildAuthorizeUri(PolarConnectOptions.Scope, options.RedirectUri, state);
        }

        public static Task<PolarConnection> ConnectWithAuthorizationCodeAsync(PolarConnectOptions options, string code, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(code)) throw SportsDataException.InvalidArgument("AuthorizationCode", "-AuthorizationCode is empty. Paste the code (or the whole redirected URL) that Polar returned.");
            return ConnectWithOAuthAsync(options, "AuthorizationCode", (oauth, ct) => oauth.ExchangeCodeAsync(code.Trim(), options.RedirectUri, ct), cancellationToken);
        }

        public static Task<PolarConnection> ConnectWithRefreshTokenAsync(PolarConnectOptions options, string refreshToken, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(refreshToken)) throw SportsDataException.InvalidArgument("RefreshToken", "-RefreshToken is empty.");
            return ConnectWithOAuthAsync(options, "RefreshToken", (oauth, ct) => oauth.RefreshAsync(refreshToken.Trim(), ct), cancellationToken);
        }

        /// <summary>Uses the token cache alone: the unattended path for scheduled tasks.</summary>
        public static Task<PolarConnection> ConnectFromCacheAsync(PolarConnectOptions options, CancellationToken cancellationToken)
        {
            RequireClient(options);
            if (options.TokenCachePath == null) throw SportsDataException.InvalidArgument("TokenCachePath", "Give -TokenCachePath (or -UseTokenCache) to connect from a token cache.");
            var cache = new TokenCache(options.TokenCachePath);
            TokenSet? cached = cache.Load(options.ClientId!);
            if (cached == null || cached.RefreshToken == null)
            {
                throw new SportsDataException(ErrorIds.Polar.TokenCacheEmpty, FailureKind.Authentication,
                    $"The token cache '{cache.Path}' holds no refresh token for client '{options.ClientId}'. Connect once interactively (or with -RefreshToken) with the same -TokenCachePath, as the account that runs the task.")
                { ParameterName = "TokenCachePath" };
            }
            return ConnectWithOAuthAsync(options, "TokenCache", (oauth, ct) => Task.FromResult(cached), cancellationToken);
        }

        /// <summary>A bare access token: works until it expires, then asks the user to reconnect.</summary>
        public static PolarConnection ConnectWithAccessToken(PolarConnectOptions options, string accessToken, DateTimeOffset? expiresAt)
        {
            if (string.IsNullOrWhiteSpace(accessToken)) throw SportsDataException.InvalidArgument("AccessToken", "-AccessToken is empty.");
            var authenticator = new BearerAuthenticator("Polar", new TokenSet(accessToken.Trim(), null, expiresAt), null, ReconnectHint);
            return Build(options, "AccessToken", authenticator, CreateAuthTransport(options), null, null);
        }

        /// <summary>The session's shared sandbox (<see cref="SandboxWorld.Shared"/>), signed in with its demo client and refresh token.</summary>
        public static Task<PolarConnection> ConnectSandboxAsync(PolarConnectOptions options, CancellationToken cancellationToken) =>
            ConnectSandboxAccountAsync(options, null, cancellationToken);

        /// <summary>
        /// The shared sandbox as the account <paramref name="account"/> (a connection's -Name; null: unnamed), signed in with
        /// that account's demo client (<see cref="PolarSimulator.DemoClientIdFor"/>) and the demo refresh token.
        /// </summary>
        public static Task<PolarConnection> ConnectSandboxAccountAsync(PolarConnectOptions options, string? account, CancellationToken cancellationToken)
        {
            options.UseSandbox(SandboxWorld.Shared, account);
            return ConnectSandboxAsync(options, PolarSimulator.DemoRefreshToken, cancellationToken);
        }

        /// <summary>The in-process sandbox: signs in with the demo client against the simulator's own OAuth server.</summary>
        public static Task<PolarConnection> ConnectSandboxAsync(PolarConnectOptions options, string refreshToken, CancellationToken cancellationToken)
        {
            options.IsSandbox = true;
            return ConnectWithRefreshTokenAsync(options, refreshToken, cancellationToken);
        }

        private const string ReconnectHint = "Run Connect-PolarTeamPro again (with -RefreshToken or -UseTokenCache for unattended runs).";

        private static async Task<PolarConnection> ConnectWithOAuthAsync(PolarConnectOptions options, string method, Func<OAuth2Client, CancellationToken, Task<TokenSet>> firstTokens,
            CancellationToken cancellationToken)
        {
            RequireClient(options);
            ApiTransport authTransport = CreateAuthTransport(options);
            var oauth = new OAuth2Client("Polar", authTransport, options.AuthorizeUri, options.TokenUri, options.ClientId!, options.ClientSecret!);
            TokenSet tokens;
            try
            {
                tokens = await firstTokens(oauth, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                authTransport.Dispose();
                throw;
            }
            TokenCache? cache = options.TokenCachePath != null ? new TokenCache(options.TokenCachePath) : null;
            var authenticator = new BearerAuthenticator("Polar", tokens,
                (current, ct) => current.RefreshToken != null
                    ? oauth.RefreshAsync(current.RefreshToken, ct)
                    : throw new SportsDataException(ErrorIds.Polar.CannotRefresh, FailureKind.Authentication, "The Polar connection has no refresh token. " + ReconnectHint),
                ReconnectHint);
            if (cache != null)
            {
                authenticator.TokensRenewed += (_, renewed) => cache.Save(options.ClientId!, renewed);
                if (method != "TokenCache") cache.Save(options.ClientId!, tokens);
            }
            PolarConnection connection = Build(options, options.IsSandbox ? "Sandbox" : method, authenticator, authTransport, oauth, cache);
            return connection;
        }

        private static PolarConnection Build(PolarConnectOptions options, string method, BearerAuthenticator authenticator, ApiTransport authTransport, OAuth2Client? oauth, TokenCache? cache)
        {
            TransportOptions transportOptions = options.Transport("Polar", options.ApiBaseUri);
            transportOptions.RateLimiter = SharedLimiter(options);
            var transport = new ApiTransport(transportOptions, authenticator);
            var connection = new PolarConnection(options.ApiBaseUri, method, options.IsSandbox, options.ClientId, options.RateLimitBurst, options.RateLimitPerSecond, cache?.Path) { Proxy = options.Proxy };
            connection.Engine = new PolarSession(transport, authenticator, authTransport, oauth, cache);
            return connection;
        }

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TokenBucketRateLimiter> Limiters =
            new System.Collections.Concurrent.ConcurrentDictionary<string, TokenBucketRateLimiter>(StringComparer.Ordinal);

        /// <summary>
        /// Polar limits requests per client (1/s, burst 100), so connections of one client id to one API (a men's and a
        /// women's account signed in through the same app, synced at once by Sync-SportsData) share one bucket in this
        /// process; connections of different client ids each have their own.
        /// </summary>
        private static TokenBucketRateLimiter SharedLimiter(PolarConnectOptions options)
        {
            if (string.IsNullOrEmpty(options.ClientId)) return new TokenBucketRateLimiter(options.RateLimitBurst, options.RateLimitPerSecond);
            string key = string.Join("|", options.ApiBaseUri.AbsoluteUri, options.ClientId, options.RateLimitBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
                options.RateLimitPerSecond.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            return Limiters.GetOrAdd(key, _ => new TokenBucketRateLimiter(options.RateLimitBurst, options.RateLimitPerSecond));
        }

        /// <summary>Every URI, path and limit of the options, checked before any request.</summary>
        public static void CheckOptions(PolarConnectOptions options)
        {
            ParameterCheck.HttpUri(options.ApiBaseUri, "ApiBaseUri", PolarConnectOptions.DefaultApiBaseUri.AbsoluteUri);
            ParameterCheck.HttpUri(options.AuthorizeUri, "AuthorizeUri", PolarConnectOptions.DefaultAuthorizeUri.AbsoluteUri);
            ParameterCheck.HttpUri(options.TokenUri, "TokenUri", PolarConnectOptions.DefaultTokenUri.AbsoluteUri);
            if (options.RedirectUri != null) ParameterCheck.HttpUri(options.RedirectUri, "RedirectUri", "http://localhost:8080/ (the redirect URL registered for your client)");
            if (options.RateLimitBurst < 1) throw SportsDataException.InvalidArgument("RateLimitBurst", "-RateLimitBurst must be at least 1.");
            if (!(options.RateLimitPerSecond > 0)) throw SportsDataException.InvalidArgument("RateLimitPerSecond", "-RateLimitPerSecond must be greater than 0.");
        }

        private static ApiTransport CreateAuthTransport(PolarConnectOptions options)
        {
            CheckOptions(options);
            return options.SignInTransport("Polar", new Uri(options.TokenUri.GetLeftPart(UriPartial.Authority)));
        }

        private static void RequireClient(PolarConnectOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.ClientId)) throw SportsDataException.InvalidArgument("ClientId", "-ClientId is required: the OAuth client id of your application at admin.polaraccesslink.com.");
            if (string.IsNullOrEmpty(options.ClientSecret)) throw SportsDataException.InvalidArgument("ClientSecret", "-ClientSecret is required: the OAuth client secret of your application (as a SecureString).");
        }
    }
}
