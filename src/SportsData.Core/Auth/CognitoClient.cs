using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Http;

namespace SportsData.Auth
{
    /// <summary>
    /// AWS Cognito user-pool sign-in over plain HTTPS (no AWS SDK): InitiateAuth with USER_PASSWORD_AUTH and
    /// REFRESH_TOKEN_AUTH. The token handed back as <see cref="TokenSet.AccessToken"/> is Cognito's IdToken,
    /// which is what API Gateway's Cognito authorizer expects as the bearer.
    /// </summary>
    public sealed class CognitoClient(string vendor, ApiTransport transport, Uri endpoint, string clientId)
    {
        public const string AmzTarget = "AWSCognitoIdentityProviderService.InitiateAuth";
        public const string AmzJsonContentType = "application/x-amz-json-1.1";
        public const string DefaultRegion = Defaults.ValorRegion;

        public Uri Endpoint => endpoint;

        /// <summary>How expiry times are computed (the connection's clock).</summary>
        public Clock Clock { get; set; } = Clock.System;

        /// <summary>https://cognito-idp.{region}.amazonaws.com/</summary>
        public static Uri EndpointFor(string? region)
        {
            string name = string.IsNullOrWhiteSpace(region) ? DefaultRegion : region!.Trim().ToLowerInvariant();
            foreach (char c in name)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-'))
                {
                    throw SportsDataException.InvalidArgument("Region", $"'{region}' is not an AWS region name. Use a name such as us-east-1.");
                }
            }
            return new Uri("https://cognito-idp." + name + ".amazonaws.com/");
        }

        public Task<TokenSet> SignInAsync(string userName, string password, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(userName)) throw SportsDataException.InvalidArgument("Credential", "The credential has no user name. Pass -Credential (Get-Credential) with your Valor user name (e-mail) and password.");
            if (string.IsNullOrEmpty(password)) throw SportsDataException.InvalidArgument("Credential", "The credential has no password. Pass -Credential (Get-Credential) with your Valor user name (e-mail) and password.");
            return InitiateAuthAsync("USER_PASSWORD_AUTH", w =>
            {
                w.WriteString("USERNAME", userName);
                w.WriteString("PASSWORD", password);
            }, userName, cancellationToken);
        }

        /// <summary>REFRESH_TOKEN_AUTH answers without a refresh token: the one used stays valid.</summary>
        public async Task<TokenSet> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
            (await InitiateAuthAsync("REFRESH_TOKEN_AUTH", w => w.WriteString("REFRESH_TOKEN", refreshToken), null, cancellationToken).ConfigureAwait(false))
                .KeepingRefreshToken(refreshToken);

        private async Task<TokenSet> InitiateAuthAsync(string flow, Action<Utf8JsonWriter> writeParameters, string? userName, CancellationToken cancellationToken)
        {
            byte[] body = RequestBody(flow, writeParameters);
            // Parsed inside the retry policy: an answer cut short is asked for again.
            (HttpStatusCode status, JsonDocument document) = await transport.SendAsync(() =>
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue(AmzJsonContentType);
                var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
                request.Headers.TryAddWithoutValidation("X-Amz-Target", AmzTarget);
                return request;
            }, (response, text) =>
            {
                try
                {
                    return (response.StatusCode, JsonDocument.Parse(text.AsMemory()));
                }
                catch (JsonException ex)
                {
                    throw new SportsDataException(ErrorIds.InvalidTokenResponse(vendor), FailureKind.InvalidData,
                        $"Cognito ({endpoint.Host}) answered {(int)response.StatusCode} with something that is not JSON. Check -CognitoEndpoint / -Region.", ex);
                }
            }, cancellationToken, status => (int)status >= 400 && (int)status < 500, safeToRepeat: true).ConfigureAwait(false);

            using (document)
            {
                JsonElement root = document.RootElement;
                if ((int)status >= 300) throw Failure(flow, userName, status, root);
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ChallengeName", out JsonElement challenge) && challenge.ValueKind == JsonValueKind.String)
                {
                    throw Challenge(challenge.GetString()!, userName);
                }
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("AuthenticationResult", out JsonElement result) || result.ValueKind != JsonValueKind.Object)
                {
                    throw new SportsDataException(ErrorIds.InvalidTokenResponse(vendor), FailureKind.InvalidData, "Cognito answered without an AuthenticationResult.");
                }
                string? idToken = Text(result, "IdToken");
                if (string.IsNullOrEmpty(idToken))
                {
                    throw new SportsDataException(ErrorIds.InvalidTokenResponse(vendor), FailureKind.InvalidData,
                        "Cognito answered without an IdToken (the token the Valor API accepts). Make sure the app client's scopes include openid.");
                }
                string? refresh = Text(result, "RefreshToken");
                double? expiresIn = result.TryGetProperty("ExpiresIn", out JsonElement e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : (double?)null;
                DateTimeOffset? expiresAt = expiresIn != null ? Clock.UtcNow.AddSeconds(expiresIn.Value) : JwtClaims.Read(idToken!).ExpiresAt;
                transport.Log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: Cognito issued an ID token ({1}), valid until {2:u}.",
                    vendor, flow == "REFRESH_TOKEN_AUTH" ? "renewed with the refresh token" : "signed in with user name and password", expiresAt));
                return new TokenSet(idToken!, refresh, expiresAt);
            }
        }

        private byte[] RequestBody(string flow, Action<Utf8JsonWriter> writeParameters)
        {
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("AuthFlow", flow);
                writer.WriteString("ClientId", clientId);
                writer.WriteStartObject("AuthParameters");
                writeParameters(writer);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            return buffer.ToArray();
        }

        private SportsDataException Failure(string flow, string? userName, HttpStatusCode status, JsonElement root)
        {
            string type = Text(root, "__type") ?? string.Empty;
            int cut = Math.Max(type.LastIndexOf('#'), type.LastIndexOf(':'));
            if (cut >= 0) type = type.Substring(cut + 1);
            string message = SecretRedactor.RedactText(Text(root, "message") ?? Text(root, "Message") ?? ((int)status).ToString(CultureInfo.InvariantCulture));
            string who = userName == null ? "the connection" : "'" + userName + "'";
            bool refreshing = flow == "REFRESH_TOKEN_AUTH";
            (string id, FailureKind kind, string? parameter, string text) = type switch
            {
                "ResourceNotFoundException" => (ErrorIds.Cognito.UnknownClientId, FailureKind.Authentication, "ClientId",
                    $"Cognito does not know the app client id '{clientId}' ({message}). Check -ClientId (Valor gives it to you) and -Region/-CognitoEndpoint: the client id belongs to one user pool in one region."),
                "UserNotFoundException" => (ErrorIds.Cognito.UserNotFound, FailureKind.Authentication, "Credential",
                    $"Cognito has no user {who} in the user pool of client '{clientId}' ({message}). Check the user name in -Credential."),
                "UserNotConfirmedException" => (ErrorIds.Cognito.UserNotConfirmed, FailureKind.Authentication, "Credential",
                    $"The Valor user {who} has not been confirmed yet ({message}). Finish the sign-up e-mail confirmation, then connect again."),
                "PasswordResetRequiredException" => (ErrorIds.Cognito.PasswordResetRequired, FailureKind.Authentication, "Credential",
                    $"The Valor user {who} must reset the password before signing in ({message}). Reset it in the Valor web app, then connect again with the new password."),
                "InvalidParameterException" => (ErrorIds.Cognito.SignInRejected, FailureKind.Authentication, "ClientId",
                    $"Cognito rejected the sign-in request ({message}). If it says USER_PASSWORD_AUTH is not enabled, ask Valor to enable that flow for client '{clientId}', or connect with -Token."),
                "TooManyRequestsException" or "LimitExceededException" => (ErrorIds.Cognito.SignInThrottled, FailureKind.RateLimited, null,
                    $"Cognito is throttling sign-ins ({message}). Wait a minute and connect again."),
                "NotAuthorizedException" when refreshing => (ErrorIds.Cognito.RefreshTokenExpired, FailureKind.Authentication, null,
                    $"Cognito refused to renew the Valor token ({message}): the refresh token has expired or was revoked. Run Connect-Valor -Credential again."),
                "NotAuthorizedException" when message.IndexOf("secret hash", StringComparison.OrdinalIgnoreCase) >= 0 => (ErrorIds.Cognito.ClientSecretRequired, FailureKind.Authentication, "ClientId",
                    $"The Cognito app client '{clientId}' has a client secret ({message}); this module signs in with public app clients only. Ask Valor for a client id without a secret."),
                "NotAuthorizedException" when message.IndexOf("attempts exceeded", StringComparison.OrdinalIgnoreCase) >= 0 => (ErrorIds.Cognito.PasswordAttemptsExceeded, FailureKind.Authentication, "Credential",
                    $"Cognito has locked sign-in for {who} after too many wrong passwords ({message}). Wait before trying again."),
                "NotAuthorizedException" => (ErrorIds.Cognito.InvalidCredentials, FailureKind.Authentication, "Credential",
                    $"Cognito rejected the user name or password for {who} ({message}). Check -Credential; the user name is usually your e-mail address."),
                _ => (refreshing ? ErrorIds.Cognito.RefreshFailed : ErrorIds.Cognito.SignInFailed, FailureKind.Authentication, (string?)null,
                    $"Cognito answered {(int)status} {type} to the {(refreshing ? "token renewal" : "sign-in")}: {message}"),
            };
            return Fail(id, kind, parameter, text);
        }

        private SportsDataException Challenge(string challenge, string? userName)
        {
            string what = challenge switch
            {
                "NEW_PASSWORD_REQUIRED" => $"Cognito requires a new password for '{userName}' before it issues tokens (the account still has its temporary password). Sign in once to the Valor web app to set a permanent password, then run Connect-Valor again with it.",
                "SMS_MFA" or "SOFTWARE_TOKEN_MFA" or "MFA_SETUP" or "SELECT_MFA_TYPE" => $"Cognito asks '{userName}' for multi-factor authentication ({challenge}), which unattended sign-in cannot answer. Ask Valor for an API user without MFA, or connect with -Token.",
                _ => $"Cognito asks '{userName}' to complete a '{challenge}' challenge before it issues tokens. Complete it in the Valor web app, or connect with -Token.",
            };
            return Fail(ErrorIds.Cognito.ChallengeRequired, FailureKind.Authentication, "Credential", what);
        }

        private SportsDataException Fail(string id, FailureKind kind, string? parameter, string message) =>
            new SportsDataException(ErrorIds.SignIn(vendor, id), kind, message) { ParameterName = parameter, Target = endpoint.Host };

        private static string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
