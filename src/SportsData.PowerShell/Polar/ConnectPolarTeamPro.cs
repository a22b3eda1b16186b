using System.Security;
using SportsData.Auth;
using SportsData.Http;
using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>
    /// Connects to Polar Team Pro and makes the connection the session default. Interactive sign-in,
    /// an authorization code, a refresh token, a token cache (scheduled tasks), an access token, or the
    /// offline sandbox.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "PolarTeamPro", DefaultParameterSetName = InteractiveSet)]
    [OutputType(typeof(PolarConnection))]
    public sealed class ConnectPolarTeamPro : ConnectCmdlet<PolarConnection>
    {
        private const string InteractiveSet = "Interactive";
        private const string CodeSet = "AuthorizationCode";
        private const string RefreshSet = "RefreshToken";
        private const string CacheSet = "TokenCache";
        private const string AccessSet = "AccessToken";
        private const string SandboxSet = "Sandbox";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = InteractiveSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CodeSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = RefreshSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CacheSet)]
        [ValidateNotNullOrEmpty]
        public string ClientId { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = InteractiveSet)]
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = CodeSet)]
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = RefreshSet)]
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = CacheSet)]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        /// <summary>Where Polar redirects after sign-in. A loopback http:// URI is listened on; otherwise you paste the result.</summary>
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = CodeSet)]
        public Uri? RedirectUri { get; set; }

        /// <summary>Do not open a browser; only show the sign-in URL.</summary>
        [Parameter(ParameterSetName = InteractiveSet)]
        public SwitchParameter NoBrowser { get; set; }

        /// <summary>How long to wait for the sign-in redirect.</summary>
        [Parameter(ParameterSetName = InteractiveSet)]
        [ValidateRange(1, 3600)]
        public int SignInTimeoutSec { get; set; } = Defaults.SignInTimeoutSec;

        /// <summary>An authorization code, or the whole URL the browser was redirected to.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CodeSet)]
        [ValidateNotNullOrEmpty]
        public string AuthorizationCode { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = RefreshSet)]
        [ValidateNotNull]
        public SecureString? RefreshToken { get; set; }

        /// <summary>
        /// Keep tokens in the token cache (default path in your profile, or -TokenCachePath). On its own (with
        /// -ClientId and -ClientSecret) it connects from the cache with no prompt: the scheduled-task form.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = CacheSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = CodeSet)]
        [Parameter(ParameterSetName = RefreshSet)]
        public SwitchParameter UseTokenCache { get; set; }

        /// <summary>Cache tokens at this path (created readable only by you; DPAPI-encrypted on Windows). With -UseTokenCache defaults to the user's profile.</summary>
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = CodeSet)]
        [Parameter(ParameterSetName = RefreshSet)]
        [Parameter(ParameterSetName = CacheSet)]
        [ValidateNotNullOrEmpty]
        public string? TokenCachePath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AccessSet)]
        [ValidateNotNull]
        public SecureString? AccessToken { get; set; }

        /// <summary>When the -AccessToken expires, if known (Polar tokens live 12 hours).</summary>
        [Parameter(ParameterSetName = AccessSet)]
        public DateTimeOffset? AccessTokenExpiresAt { get; set; }

        /// <summary>The built-in offline simulator with demo data: no account, no network.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SandboxSet)]
        public SwitchParameter Sandbox { get; set; }

        /// <summary>API base URI (a gateway or test double). Default https://teampro.api.polar.com/.</summary>
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = CodeSet)]
        [Parameter(ParameterSetName = RefreshSet)]
        [Parameter(ParameterSetName = CacheSet)]
        [Parameter(ParameterSetName = AccessSet)]
        public Uri? ApiBaseUri { get; set; }

        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = CodeSet)]
        public Uri? AuthorizeUri { get; set; }

        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = CodeSet)]
        [Parameter(ParameterSetName = RefreshSet)]
        [Parameter(ParameterSetName = CacheSet)]
        public Uri? TokenUri { get; set; }

        /// <summary>Client-side burst bucket size (Polar documents 100).</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int RateLimitBurst { get; set; } = Defaults.PolarRateLimitBurst;

        /// <summary>Client-side refill rate in requests per second (Polar documents 1).</summary>
        [Parameter]
        [ValidateRange(0.001, 1000)]
        public double RateLimitPerSecond { get; set; } = Defaults.PolarRateLimitPerSecond;

        protected override void ProcessRecord()
        {
            PolarConnectOptions options = BuildOptions();
            using PolarSignIn? signIn = ParameterSetName == InteractiveSet ? Checked(() => new PolarSignIn(options), ex => ex.ParameterName == null ? RedirectUri : null) : null;
            Func<CancellationToken, Task<PolarConnection>> connect = ParameterSetName switch
            {
                SandboxSet => ct => PolarConnector.ConnectSandboxAccountAsync(options, Name, ct), // a named account signs in with its own demo client
                AccessSet => ct => Task.FromResult(PolarConnector.ConnectWithAccessToken(options, SecretText.Reveal(AccessToken)!, AccessTokenExpiresAt)),
                RefreshSet => ct => PolarConnector.ConnectWithRefreshTokenAsync(options, SecretText.Reveal(RefreshToken)!, ct),
                CacheSet => ct => PolarConnector.ConnectFromCacheAsync(options, ct),
                CodeSet => ct => PolarConnector.ConnectWithAuthorizationCodeAsync(options, AuthorizationResponse.ExtractCode(AuthorizationCode, null), ct),
                _ => SignInWithBrowser("Polar", signIn!.AuthorizeUri, !NoBrowser,
                    $"Waiting up to {SignInTimeoutSec} s for the redirect to {RedirectUri}.",
                    signIn.ListensForRedirect ? ct => signIn.CompleteFromRedirectAsync(TimeSpan.FromSeconds(SignInTimeoutSec), ct) : null,
                    signIn.CompleteWithPastedAsync,
                    ex => new SportsDataException(ErrorIds.Polar.NonInteractive, FailureKind.InvalidOperation,
                        "Interactive sign-in needs a console to paste the code into. In scheduled tasks use -RefreshToken or -UseTokenCache.", ex)),
            };
            Connect(signIn?.ListensForRedirect == true ? RedirectUri : null, connect, "Polar Team Pro");
        }

        private PolarConnectOptions BuildOptions()
        {
            var options = new PolarConnectOptions
            {
                RateLimitBurst = RateLimitBurst,
                RateLimitPerSecond = RateLimitPerSecond,
                Retry = RetrySettings,
                RedirectUri = RedirectUri,
                Proxy = ProxySettings,
            };
            if (Sandbox) return options; // PolarConnector.ConnectSandboxAccountAsync points them at the simulator
            if (ApiBaseUri != null) options.ApiBaseUri = ApiBaseUri;
            if (AuthorizeUri != null) options.AuthorizeUri = AuthorizeUri;
            if (TokenUri != null) options.TokenUri = TokenUri;
            options.ClientId = string.IsNullOrEmpty(ClientId) ? null : ClientId;
            options.ClientSecret = SecretText.Reveal(ClientSecret);
            if (TokenCachePath != null) options.TokenCachePath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(TokenCachePath);
            else if (UseTokenCache) options.TokenCachePath = TokenCache.DefaultPath("Polar");
            return Checked(() =>
            {
                PolarConnector.CheckOptions(options); // before any request or browser window
                return options;
            });
        }
    }
}
