using System.Net;
using System.Security;
using SportsData.Http;
using SportsData.Valor;

namespace SportsData.PowerShell.Valor
{
    /// <summary>
    /// Connects to the Valor API and makes the connection the session default: signs in to AWS Cognito with a
    /// user name and password (renewing the ID token by itself), takes a JWT as is, or uses the offline sandbox.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Valor", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(ValorConnection))]
    public sealed class ConnectValor : ConnectCmdlet<ValorConnection>
    {
        private const string CredentialSet = "Credential";
        private const string TokenSet = "Token";
        private const string SandboxSet = "Sandbox";

        /// <summary>Your Valor user name (e-mail) and password.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CredentialSet)]
        [ValidateNotNull]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>The Cognito app client id Valor gave you for API access.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = CredentialSet)]
        [ValidateNotNullOrEmpty]
        public string ClientId { get; set; } = string.Empty;

        /// <summary>A Cognito ID token (JWT), used as is until it expires.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
        [ValidateNotNull]
        public SecureString? Token { get; set; }

        /// <summary>The built-in offline simulator with demo data: no account, no network.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SandboxSet)]
        public SwitchParameter Sandbox { get; set; }

        /// <summary>API base URI. Default https://487q8d7goe.execute-api.us-east-1.amazonaws.com/production.</summary>
        [Parameter(ParameterSetName = CredentialSet)]
        [Parameter(ParameterSetName = TokenSet)]
        public Uri? ApiBaseUri { get; set; }

        /// <summary>AWS region of Valor's Cognito user pool (default us-east-1).</summary>
        [Parameter(ParameterSetName = CredentialSet)]
        [ValidateNotNullOrEmpty]
        public string Region { get; set; } = Defaults.ValorRegion;

        /// <summary>Cognito endpoint; overrides the one derived from -Region.</summary>
        [Parameter(ParameterSetName = CredentialSet)]
        public Uri? CognitoEndpoint { get; set; }

        protected override void ProcessRecord()
        {
            var options = new ValorConnectOptions
            {
                Retry = RetrySettings,
                Region = Region,
                Proxy = ProxySettings,
            };
            Func<CancellationToken, Task<ValorConnection>> connect;
            switch (ParameterSetName)
            {
                case SandboxSet:
                    connect = ct => ValorConnector.ConnectSandboxAsync(options, ct);
                    break;
                case TokenSet:
                    if (ApiBaseUri != null) options.ApiBaseUri = ApiBaseUri;
                    string token = SecretText.Reveal(Token)!;
                    connect = ct => Task.FromResult(ValorConnector.ConnectWithToken(options, token));
                    break;
                default:
                    if (ApiBaseUri != null) options.ApiBaseUri = ApiBaseUri;
                    options.CognitoEndpoint = CognitoEndpoint;
                    options.ClientId = ClientId;
                    NetworkCredential credential = Credential!.GetNetworkCredential();
                    connect = ct => ValorConnector.ConnectWithPasswordAsync(options, credential, ct);
                    break;
            }
            Connect(null, connect, "Valor");
        }
    }
}
