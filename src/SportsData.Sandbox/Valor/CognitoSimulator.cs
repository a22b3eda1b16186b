using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace SportsData.Sandbox.Valor
{
    /// <summary>
    /// The part of AWS Cognito's user-pool API that Valor sign-in uses: POST / with
    /// X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth and an application/x-amz-json-1.1 body,
    /// flows USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH, and Cognito's error shapes ({"__type","message"}, 400).
    /// </summary>
    public sealed class CognitoSimulator : ISimulatorModule
    {
        public const string DemoClientId = "sportsdatasandboxclient01";
        public const string DemoUserName = "demo@valor.sandbox";
        public const string DemoPassword = "Sandbox-Passw0rd!";
        public const string Target = "AWSCognitoIdentityProviderService.InitiateAuth";

        private readonly ConcurrentDictionary<string, string> _users = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _clients = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _newPasswordRequired = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, (string User, string Use, DateTimeOffset ExpiresAt)> _tokens = new ConcurrentDictionary<string, (string, string, DateTimeOffset)>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> _refreshTokens = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        private int _counter;

        public CognitoSimulator()
        {
            _users[DemoUserName] = DemoPassword;
            _clients[DemoClientId] = true;
        }

        /// <summary>Lifetime of issued ID and access tokens (Cognito's default: 1 hour).</summary>
        public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Successful InitiateAuth calls by flow (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH).</summary>
        public ConcurrentDictionary<string, int> Grants { get; } = new ConcurrentDictionary<string, int>();

        public void AddUser(string userName, string password, bool newPasswordRequired = false)
        {
            _users[userName] = password;
            if (newPasswordRequired) _newPasswordRequired[userName] = true;
        }

        /// <summary>Makes every issued ID/access token invalid (the API answers 401 until a renewal).</summary>
        public void RevokeTokens() => _tokens.Clear();

        /// <summary>Makes every refresh token invalid ("Refresh Token has expired").</summary>
        public void ExpireRefreshTokens() => _refreshTokens.Clear();

        /// <summary>Whether a bearer is an unexpired ID token issued here (API Gateway's Cognito authorizer).</summary>
        public bool IsValidIdToken(string? token) =>
            token != null && _tokens.TryGetValue(token, out var issued) && issued.Use == "id" && issued.ExpiresAt > DateTimeOffset.UtcNow;

        /// <summary>A JWT-shaped token as Cognito would issue (unsigned), registered as valid.</summary>
        public string IssueToken(string userName, string use, TimeSpan lifetime)
        {
            DateTimeOffset expires = DateTimeOffset.UtcNow + lifetime;
            int n = Interlocked.Increment(ref _counter);
            string header = Base64Url("{\"kid\":\"sandbox\",\"alg\":\"RS256\"}");
            string payload = Base64Url("{\"sub\":\"" + DemoRandom.Id("sub:" + userName, 12) + "\",\"token_use\":\"" + use + "\",\"email\":\"" + userName +
                "\",\"exp\":" + expires.ToUnixTimeSeconds() + ",\"iat\":" + DateTimeOffset.UtcNow.ToUnixTimeSeconds() + ",\"jti\":\"" + n + "-" + Guid.NewGuid().ToString("N") + "\"}");
            string token = header + "." + payload + "." + Base64Url("sandbox-signature-" + n);
            _tokens[token] = (userName, use, expires);
            return token;
        }

        public SimResponse? Handle(SimRequest request)
        {
            if (request.Method != "POST" || request.Path != "/" || request.Header("X-Amz-Target") == null) return null;
            if (request.Header("X-Amz-Target") != Target) return Error("UnknownOperationException", null);
            string? contentType = request.Header("Content-Type");
            if (contentType == null || !contentType.StartsWith("application/x-amz-json-1.1", StringComparison.OrdinalIgnoreCase))
                return Error("SerializationException", "Content-Type must be application/x-amz-json-1.1");
            using JsonDocument? document = request.JsonBody();
            if (document == null || document.RootElement.ValueKind != JsonValueKind.Object) return Error("SerializationException", "Request body is not JSON");
            JsonElement root = document.RootElement;
            string? clientId = Text(root, "ClientId");
            string? flow = Text(root, "AuthFlow");
            if (string.IsNullOrEmpty(clientId) || !_clients.ContainsKey(clientId!)) return Error("ResourceNotFoundException", "User pool client " + clientId + " does not exist.");
            JsonElement parameters = root.TryGetProperty("AuthParameters", out JsonElement p) && p.ValueKind == JsonValueKind.Object ? p : default;
            switch (flow)
            {
                case "USER_PASSWORD_AUTH":
                {
                    string? user = parameters.ValueKind == JsonValueKind.Object ? Text(parameters, "USERNAME") : null;
                    string? password = parameters.ValueKind == JsonValueKind.Object ? Text(parameters, "PASSWORD") : null;
                    if (string.IsNullOrEmpty(user) || password == null) return Error("InvalidParameterException", "Missing required parameter USERNAME or PASSWORD");
                    if (!_users.TryGetValue(user!, out string? expected)) return Error("UserNotFoundException", "User does not exist.");
                    if (expected != password) return Error("NotAuthorizedException", "Incorrect username or password.");
                    if (_newPasswordRequired.ContainsKey(user!))
                    {
                        return SimResponse.Json(200, w =>
                        {
                            w.WriteStartObject();
                            w.WriteString("ChallengeName", "NEW_PASSWORD_REQUIRED");
                            w.WriteStartObject("ChallengeParameters");
                            w.WriteString("USER_ID_FOR_SRP", user);
                            w.WriteString("requiredAttributes", "[]");
                            w.WriteString("userAttributes", "{\"email\":\"" + user + "\"}");
                            w.WriteEndObject();
                            w.WriteString("Session", Guid.NewGuid().ToString("N"));
                            w.WriteEndObject();
                        });
                    }
                    string refresh = "sandbox-refresh." + Guid.NewGuid().ToString("N");
                    _refreshTokens[refresh] = user!;
                    Grants.AddOrUpdate(flow, 1, (_, n) => n + 1);
                    return Tokens(user!, refresh);
                }
                case "REFRESH_TOKEN_AUTH":
                case "REFRESH_TOKEN":
                {
                    string? refresh = parameters.ValueKind == JsonValueKind.Object ? Text(parameters, "REFRESH_TOKEN") : null;
                    if (string.IsNullOrEmpty(refresh)) return Error("InvalidParameterException", "Missing required parameter REFRESH_TOKEN");
                    if (!_refreshTokens.TryGetValue(refresh!, out string? user)) return Error("NotAuthorizedException", "Refresh Token has expired");
                    Grants.AddOrUpdate("REFRESH_TOKEN_AUTH", 1, (_, n) => n + 1);
                    return Tokens(user, null);
                }
                default:
                    return Error("InvalidParameterException", flow + " flow not enabled for this client");
            }
        }

        private SimResponse Tokens(string user, string? refreshToken)
        {
            string access = IssueToken(user, "access", TokenLifetime);
            string id = IssueToken(user, "id", TokenLifetime);
            return new SimResponse(200, Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("AuthenticationResult");
                w.WriteString("AccessToken", access);
                w.WriteNumber("ExpiresIn", (long)TokenLifetime.TotalSeconds);
                w.WriteString("IdToken", id);
                if (refreshToken != null) w.WriteString("RefreshToken", refreshToken);
                w.WriteString("TokenType", "Bearer");
                w.WriteEndObject();
                w.WriteStartObject("ChallengeParameters");
                w.WriteEndObject();
                w.WriteEndObject();
            }), "application/x-amz-json-1.1");
        }

        private static SimResponse Error(string type, string? message) =>
            new SimResponse(400, Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("__type", type);
                if (message != null) w.WriteString("message", message);
                w.WriteEndObject();
            }), "application/x-amz-json-1.1");

        private static byte[] Write(Action<Utf8JsonWriter> write)
        {
            var buffer = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer)) write(writer);
            return buffer.ToArray();
        }

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static string Base64Url(string text) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
