using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Auth;
using SportsData.Connections;
using SportsData.Http;
using SportsData.Sandbox;
using SportsData.Sandbox.Valor;

namespace SportsData.Valor
{
    /// <summary>Everything Connect-Valor can set. Defaults are Valor's production API and Cognito in us-east-1.</summary>
    public sealed class ValorConnectOptions : IVendorConnectOptions
    {
        public static readonly Uri DefaultApiBaseUri = new Uri("https://487q8d7goe.execute-api.us-east-1.amazonaws.com/production");

        public Uri ApiBaseUri { get; set; } = DefaultApiBaseUri;

        /// <summary>AWS region of the Cognito user pool; decides the default Cognito endpoint.</summary>
        public string Region { get; set; } = CognitoClient.DefaultRegion;

        /// <summary>Overrides https://cognito-idp.{Region}.amazonaws.com/.</summary>
        public Uri? CognitoEndpoint { get; set; }

        public Uri EffectiveCognitoEndpoint => CognitoEndpoint ?? CognitoClient.EndpointFor(Region);

        public string? ClientId { get; set; }
        public RetrySettings Retry { get; set; } = new RetrySettings();
        /// <summary>Replaces the network: the sandbox's in-process handler, or a test double.</summary>
        public HttpMessageHandler? PrimaryHandler { get; set; }
        /// <summary>How the engine tells time (tests move it forward to see renewal).</summary>
        public Clock Clock { get; set; } = Clock.System;
        /// <summary>The proxy of every request: the API, sign-in and token renewal (the system proxy unless told otherwise).</summary>
        public ConnectionProxy Proxy { get; set; } = ConnectionProxy.System;
        public bool IsSandbox { get; set; }

        /// <summary>The in-process sandbox's Valor API and Cognito endpoint (never resolved: the sandbox handler answers).</summary>
        public static readonly Uri SandboxApiBaseUri = new Uri("https://valor.sandbox.sportsdata.invalid/production");
        public static readonly Uri SandboxCognitoEndpoint = new Uri("https://cognito-idp.sandbox.sportsdata.invalid/");

        /// <summary>Points these options at the in-process simulator of <paramref name="world"/> with its demo app client.</summary>
        public void UseSandbox(SandboxWorld world)
        {
            ApiBaseUri = SandboxApiBaseUri;
            CognitoEndpoint = SandboxCognitoEndpoint;
            ClientId = CognitoSimulator.DemoClientId;
            PrimaryHandler = new SandboxHandler(world);
            Proxy = ConnectionProxy.None; // the sandbox makes no network requests
            IsSandbox = true;
        }
    }

    /// <summary>The engine behind a <see cref="ValorConnection"/>: transport, tokens and client.</summary>
    public sealed class ValorEngine : ConnectionEngine<ValorClient, BearerAuthenticator>
    {
        internal ValorEngine(ApiTransport transport, BearerAuthenticator authenticator, ApiTransport authTransport, CognitoClient? cognito, ValorConnection connection)
            : base(transport, authenticator, new ValorClient(transport, connection), authTransport)
        {
            Cognito = cognito;
        }

        internal CognitoClient? Cognito { get; }

        public static ValorEngine Of(ValorConnection connection) => (ValorEngine)connection.Engine;
    }

    /// <summary>Builds Valor connections: Cognito sign-in with a user name and password, a bare JWT, or the sandbox.</summary>
    public static class ValorConnector
    {
        private const string ReconnectHint = "Run Connect-Valor again (with -Credential and -ClientId the module renews tokens by itself).";

        /// <summary>
        /// Signs in with USER_PASSWORD_AUTH and keeps the credential in memory for this connection, so when the
        /// refresh token (REFRESH_TOKEN_AUTH) has expired too, a long export signs in again instead of failing.
        /// </summary>
        public static async Task<ValorConnection> ConnectWithPasswordAsync(ValorConnectOptions options, NetworkCredential credential, CancellationToken cancellationToken)
        {
            if (credential == null) throw SportsDataException.InvalidArgument("Credential", "-Credential is required: your Valor user name (e-mail) and password.");
            if (string.IsNullOrWhiteSpace(options.ClientId)) throw SportsDataException.InvalidArgument("ClientId", "-ClientId is required: the Cognito app client id Valor gave you for API access.");
            Uri cognitoEndpoint = options.EffectiveCognitoEndpoint;
            ApiTransport authTransport = CreateAuthTransport(options, cognitoEndpoint);
            var cognito = new CognitoClient("Valor", authTransport, cognitoEndpoint, options.ClientId!.Trim()) { Clock = options.Clock };
            string userName = credential.UserName?.Trim() ?? string.Empty;
            TokenSet tokens;
            try
            {
                tokens = await cognito.SignInAsync(userName, credential.Password, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                authTransport.Dispose();
                throw;
            }
            var authenticator = new BearerAuthenticator("Valor", tokens, (current, ct) => RenewAsync(cognito, userName, credential, current, ct), ReconnectHint)
            {
                RenewsWithoutRefreshToken = true,
                Clock = options.Clock,
            };
            return Build(options, options.IsSandbox ? "Sandbox" : "Password", authenticator, authTransport, cognito, userName, cognitoEndpoint);
        }

        /// <summary>The session's shared sandbox (<see cref="SandboxWorld.Shared"/>), signed in as its demo user.</summary>
        public static Task<ValorConnection> ConnectSandboxAsync(ValorConnectOptions options, CancellationToken cancellationToken)
        {
            options.UseSandbox(SandboxWorld.Shared);
            return ConnectWithPasswordAsync(options, new NetworkCredential(CognitoSimulator.DemoUserName, CognitoSimulator.DemoPassword), cancellationToken);
        }

        private static async Task<TokenSet> RenewAsync(CognitoClient cognito, string userName, NetworkCredential credential, TokenSet current, CancellationToken cancellationToken)
        {
            if (current.RefreshToken != null)
            {
                try
                {
                    return await cognito.RefreshAsync(current.RefreshToken, cancellationToken).ConfigureAwait(false);
                }
                catch (SportsDataException ex) when (ex.ErrorId == ErrorIds.Valor.RefreshTokenExpired)
                {
                    RequestLog.Current.Verbose("Valor: the refresh token was refused; signing in again with the connection's credential.");
                }
            }
            return await cognito.SignInAsync(userName, credential.Password, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A JWT (the Cognito ID token) used as is until it expires; an expired one is refused at once.</summary>
        public static ValorConnection ConnectWithToken(ValorConnectOptions options, string token)
        {
            if (string.IsNullOrWhiteSpace(token)) throw SportsDataException.InvalidArgument("Token", "-Token is empty. Pass the Cognito ID token (a JWT) as a SecureString.");
            token = token.Trim();
            if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = token.Substring(7).Trim();
            JwtClaims claims = JwtClaims.Read(token);
            if (!claims.IsJwt)
            {
                RequestLog.Current.Warning("Valor: -Token does not look like a JWT (three dot-separated parts); its expiry is unknown.");
            }
            else if (claims.ExpiresAt != null && claims.ExpiresAt.Value <= options.Clock.UtcNow)
            {
                throw new SportsDataException(ErrorIds.Valor.TokenExpired, FailureKind.Authentication,
                    $"The -Token JWT expired at {claims.ExpiresAt.Value:u}. Get a new ID token, or connect with -Credential and -ClientId so the module signs in and renews tokens by itself.")
                { ParameterName = "Token" };
            }
            if (claims.TokenUse == "access")
            {
                RequestLog.Current.Warning("Valor: -Token is a Cognito access token; the Valor API expects the ID token (IdToken) and may answer 401.");
            }
            var authenticator = new BearerAuthenticator("Valor", new TokenSet(token, null, claims.ExpiresAt), null, ReconnectHint) { Clock = options.Clock };
            Uri endpoint = options.EffectiveCognitoEndpoint;
            return Build(options, "Token", authenticator, CreateAuthTransport(options, endpoint), null, null, null);
        }

        private static ValorConnection Build(ValorConnectOptions options, string method, BearerAuthenticator authenticator, ApiTransport authTransport, CognitoClient? cognito, string? userName, Uri? cognitoEndpoint)
        {
            Uri baseUri = RequireAbsolute(options.ApiBaseUri, "ApiBaseUri");
            TransportOptions transportOptions = options.Transport("Valor", baseUri);
            transportOptions.AdditionalHandlers.Add(() => new ValorEnvelopeStatusHandler());
            var transport = new ApiTransport(transportOptions, authenticator);
            var connection = new ValorConnection(baseUri, method, options.IsSandbox, cognito != null ? options.ClientId : null, userName, cognitoEndpoint) { Proxy = options.Proxy };
            connection.Engine = new ValorEngine(transport, authenticator, authTransport, cognito, connection);
            return connection;
        }

        private static ApiTransport CreateAuthTransport(ValorConnectOptions options, Uri cognitoEndpoint)
        {
            // Both checked before the sign-in, so a wrong -ApiBaseUri does not cost a sign-in first.
            RequireAbsolute(cognitoEndpoint, "CognitoEndpoint");
            RequireAbsolute(options.ApiBaseUri, "ApiBaseUri");
            return options.SignInTransport("Cognito", cognitoEndpoint);
        }

        private static Uri RequireAbsolute(Uri uri, string parameterName) =>
            ParameterCheck.HttpUri(uri, parameterName, parameterName == "CognitoEndpoint" ? "https://cognito-idp.us-east-1.amazonaws.com/" : "https://487q8d7goe.execute-api.us-east-1.amazonaws.com/production/");
    }
}
