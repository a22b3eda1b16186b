using System;
using System.Net.Http;
using SportsData.Auth;
using SportsData.Connections;
using SportsData.Http;
using SportsData.Sandbox;
using SportsData.Sandbox.Aikynetix;

namespace SportsData.Aikynetix
{
    /// <summary>Everything Connect-Aikynetix can set. Defaults are the documented host and paths.</summary>
    public sealed class AikynetixConnectOptions : IVendorConnectOptions
    {
        /// <summary>The current API host.</summary>
        public static readonly Uri DefaultBaseUri = new Uri("https://api.aikynetix.app/");

        /// <summary>The older host still shown in the v1 docs.</summary>
        public static readonly Uri LegacyBaseUri = new Uri("https://aikpy-nsz2.onrender.com/");

        public Uri BaseUri { get; set; } = DefaultBaseUri;
        public AikynetixApiKeyStyle ApiKeyStyle { get; set; } = AikynetixApiKeyStyle.ApiKeyHeader;
        public AikynetixRoutes Routes { get; set; } = AikynetixRoutes.Defaults.Clone();
        public RetrySettings Retry { get; set; } = new RetrySettings();
        /// <summary>Replaces the network: the sandbox's in-process handler, or a test double.</summary>
        public HttpMessageHandler? PrimaryHandler { get; set; }
        /// <summary>The proxy of every request: the API and video downloads from storage (the system proxy unless told otherwise).</summary>
        public ConnectionProxy Proxy { get; set; } = ConnectionProxy.System;
        public bool IsSandbox { get; set; }

        /// <summary>The in-process sandbox's API host (never resolved: the sandbox handler answers).</summary>
        public static readonly Uri SandboxBaseUri = new Uri("https://aikynetix.sandbox.sportsdata.invalid/");

        /// <summary>Points these options at the in-process simulator of <paramref name="world"/>.</summary>
        public void UseSandbox(SandboxWorld world)
        {
            BaseUri = SandboxBaseUri;
            PrimaryHandler = new SandboxHandler(world);
            Proxy = ConnectionProxy.None; // the sandbox makes no network requests
            IsSandbox = true;
        }
    }

    /// <summary>The engine behind an <see cref="AikynetixConnection"/>.</summary>
    /// <remarks>Its authenticator (an API key, or an ID token without a way to renew it) never renews: CanRenewToken is false.</remarks>
    public sealed class AikynetixEngine : ConnectionEngine<AikynetixClient, IAuthenticator>
    {
        internal AikynetixEngine(ApiTransport transport, IAuthenticator authenticator, AikynetixDownloader downloader, AikynetixClient client)
            : base(transport, authenticator, client, downloader)
        {
        }

        public static AikynetixEngine Of(AikynetixConnection connection) => (AikynetixEngine)connection.Engine;
    }

    /// <summary>Builds AiKYNETIX connections from an API key or a Firebase ID token.</summary>
    public static class AikynetixConnector
    {
        /// <summary>The API-KEY header name and Authorization scheme the docs show.</summary>
        public const string ApiKeyHeaderName = "API-KEY";

        internal const string ReconnectHint =
            "Get a new Firebase ID token (sign in to AiKYNETIX again) and run Connect-Aikynetix -IdToken again; for unattended runs connect with -ApiKey instead.";

        public static AikynetixConnection ConnectWithApiKey(AikynetixConnectOptions options, string apiKey)
        {
            if (string.IsNullOrWhiteSpace(apiKey)) throw SportsDataException.InvalidArgument("ApiKey", "-ApiKey is empty. Give the API key from your AiKYNETIX account (as a SecureString).");
            IAuthenticator authenticator = options.ApiKeyStyle == AikynetixApiKeyStyle.AuthorizationHeader
                ? ApiKeyAuthenticator.InAuthorization(apiKey, ApiKeyHeaderName)
                : ApiKeyAuthenticator.InHeader(apiKey, ApiKeyHeaderName);
            return Build(options, options.IsSandbox ? "Sandbox" : "ApiKey", authenticator, usesIdToken: false);
        }

        /// <summary>The session's shared sandbox (<see cref="SandboxWorld.Shared"/>), with <paramref name="apiKey"/> or the demo admin key.</summary>
        public static AikynetixConnection ConnectSandbox(AikynetixConnectOptions options, string? apiKey)
        {
            options.UseSandbox(SandboxWorld.Shared);
            return ConnectWithApiKey(options, apiKey ?? AikynetixSimulator.DemoApiKey);
        }

        /// <summary>A Firebase ID token: its expiry is read from the JWT; it cannot be renewed here.</summary>
        public static AikynetixConnection ConnectWithIdToken(AikynetixConnectOptions options, string idToken, Clock? clock = null)
        {
            if (string.IsNullOrWhiteSpace(idToken)) throw SportsDataException.InvalidArgument("IdToken", "-IdToken is empty. Give a Firebase ID token of your AiKYNETIX account (as a SecureString).");
            string token = idToken.Trim();
            if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = token.Substring(7).Trim();
            DateTimeOffset? expiresAt = JwtClaims.Read(token).ExpiresAt;
            Clock now = clock ?? Clock.System;
            if (expiresAt != null && expiresAt.Value <= now.UtcNow)
            {
                throw new SportsDataException(ErrorIds.Aikynetix.TokenExpired, FailureKind.Authentication,
                    $"The Firebase ID token expired at {expiresAt.Value:u}. {ReconnectHint}") { ParameterName = "IdToken" };
            }
            var authenticator = new BearerAuthenticator("Aikynetix", new TokenSet(token, null, expiresAt), null, ReconnectHint)
            {
                RenewBeforeExpiry = TimeSpan.Zero, // nothing can renew it: use it until it really expires
                Clock = now,
            };
            return Build(options, "IdToken", authenticator, usesIdToken: true);
        }

        private static AikynetixConnection Build(AikynetixConnectOptions options, string method, IAuthenticator authenticator, bool usesIdToken)
        {
            ParameterCheck.HttpUri(options.BaseUri, "BaseUri", AikynetixConnectOptions.DefaultBaseUri.AbsoluteUri);
            AikynetixRoutes routes = options.Routes.Clone();
            // A path, never a URL: the credential must not go to another host.
            ParameterCheck.RelativeApiPath(routes.FetchByIds, "FetchByIdsPath", "session-management/sessions/fetch/");
            RequireName(routes.UploadedByParameter, "UploadedByParameterName");
            RequireName(routes.StateParameter, "StateParameterName");
            TransportOptions transportOptions = options.Transport("Aikynetix", options.BaseUri);
            var transport = new ApiTransport(transportOptions, authenticator);
            var downloader = new AikynetixDownloader(transport, transportOptions.UserAgent);
            var client = new AikynetixClient(transport, routes, downloader, usesIdToken);
            var connection = new AikynetixConnection(options.BaseUri, method, options.IsSandbox, routes.FetchByIds, routes.UploadedByParameter, routes.StateParameter) { Proxy = options.Proxy };
            connection.Engine = new AikynetixEngine(transport, authenticator, downloader, client);
            return connection;
        }

        private static void RequireName(string value, string parameterName)
        {
            if (string.IsNullOrWhiteSpace(value) || value.IndexOfAny(new[] { ' ', '?', '#', '&', '=' }) >= 0)
            {
                throw SportsDataException.InvalidArgument(parameterName, $"-{parameterName} '{value}' is not a usable path or parameter name (no spaces, ?, #, & or =).");
            }
        }
    }
}
