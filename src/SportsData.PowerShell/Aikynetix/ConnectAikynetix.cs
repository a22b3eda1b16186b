using System.Security;
using SportsData.Aikynetix;
using SportsData.Http;

namespace SportsData.PowerShell.Aikynetix
{
    /// <summary>Connects to the AiKYNETIX API with an API key or a Firebase ID token (or the offline sandbox) and makes it the session default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "Aikynetix", DefaultParameterSetName = ApiKeySet)]
    [OutputType(typeof(AikynetixConnection))]
    public sealed class ConnectAikynetix : ConnectCmdlet<AikynetixConnection>
    {
        private const string ApiKeySet = "ApiKey";
        private const string IdTokenSet = "IdToken";
        private const string SandboxSet = "Sandbox";

        /// <summary>The account's API key. In the sandbox, optional (defaults to the demo admin key).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ApiKeySet)]
        [Parameter(ParameterSetName = SandboxSet)]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        /// <summary>How the key is sent: ApiKeyHeader (API-KEY: key, default) or AuthorizationHeader (Authorization: API-KEY key).</summary>
        [Parameter(ParameterSetName = ApiKeySet)]
        [Parameter(ParameterSetName = SandboxSet)]
        public AikynetixApiKeyStyle ApiKeyHeaderStyle { get; set; } = AikynetixApiKeyStyle.ApiKeyHeader;

        /// <summary>A Firebase ID token (about an hour long; cannot be renewed by the module).</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdTokenSet)]
        [ValidateNotNull]
        public SecureString? IdToken { get; set; }

        /// <summary>The built-in offline simulator with demo data: no account, no network.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SandboxSet)]
        public SwitchParameter Sandbox { get; set; }

        /// <summary>API host. Default https://api.aikynetix.app/ (the older docs show https://aikpy-nsz2.onrender.com/).</summary>
        [Parameter(ParameterSetName = ApiKeySet)]
        [Parameter(ParameterSetName = IdTokenSet)]
        public Uri? BaseUri { get; set; }

        /// <summary>Path of the admin fetch-by-ids endpoint (not in the public docs). Default session-management/sessions/fetch/.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? FetchByIdsPath { get; set; }

        /// <summary>Query parameter name of the uploader filter (not in the public docs). Default uploaded_by.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UploadedByParameterName { get; set; }

        /// <summary>Query parameter name of the processing-state filter (not in the public docs). Default state.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StateParameterName { get; set; }

        /// <summary>Do not check the key or token with a request while connecting.</summary>
        [Parameter]
        public SwitchParameter NoCredentialCheck { get; set; }

        protected override void ProcessRecord()
        {
            AikynetixConnectOptions options = BuildOptions();
            AikynetixConnection connection = Checked(() => ParameterSetName switch
            {
                IdTokenSet => AikynetixConnector.ConnectWithIdToken(options, SecretText.Reveal(IdToken)!),
                SandboxSet => AikynetixConnector.ConnectSandbox(options, SecretText.Reveal(ApiKey)),
                _ => AikynetixConnector.ConnectWithApiKey(options, SecretText.Reveal(ApiKey)!),
            });
            if (!NoCredentialCheck)
            {
                AikynetixClient client = AikynetixEngine.Of(connection).Client;
                try
                {
                    RunOrThrow(null, (channel, ct) => client.VerifyCredentialsAsync(ct));
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }
            if (connection.TokenExpiresAt != null && connection.TokenExpiresAt.Value - DateTimeOffset.UtcNow < TimeSpan.FromMinutes(10))
            {
                WriteWarning($"The Firebase ID token expires at {connection.TokenExpiresAt.Value.ToLocalTime():T}, in less than 10 minutes, and cannot be renewed. Long exports may stop; use -ApiKey for unattended runs.");
            }
            Publish(connection, "AiKYNETIX");
        }

        private AikynetixConnectOptions BuildOptions()
        {
            var options = new AikynetixConnectOptions
            {
                ApiKeyStyle = ApiKeyHeaderStyle,
                Retry = RetrySettings,
                Proxy = ProxySettings,
            };
            if (FetchByIdsPath != null) options.Routes.FetchByIds = FetchByIdsPath.TrimStart('/');
            if (UploadedByParameterName != null) options.Routes.UploadedByParameter = UploadedByParameterName;
            if (StateParameterName != null) options.Routes.StateParameter = StateParameterName;
            if (BaseUri != null) options.BaseUri = BaseUri;
            return options;
        }
    }
}
