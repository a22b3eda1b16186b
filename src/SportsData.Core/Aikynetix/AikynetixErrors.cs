using System;
using System.Net;

namespace SportsData.Aikynetix
{
    /// <summary>
    /// What AiKYNETIX's failure statuses mean for each endpoint, as errors that say what to do: a rejected key or token,
    /// admin-only fetches, missing sessions, plans without analyzed videos.
    /// </summary>
    internal sealed class AikynetixErrors
    {
        private readonly AikynetixRoutes _routes;
        private readonly bool _usesIdToken;

        public AikynetixErrors(AikynetixRoutes routes, bool usesIdToken)
        {
            _routes = routes;
            _usesIdToken = usesIdToken;
        }

        /// <summary>The API documents 400 for a missing or malformed token ("Invalid or missing token."): that is an authentication failure.</summary>
        public static bool IsTokenRejection(ApiException ex) =>
            ex.StatusCode == HttpStatusCode.BadRequest && ex.VendorMessage != null && ex.VendorMessage.IndexOf("token", StringComparison.OrdinalIgnoreCase) >= 0;

        public Exception Unauthorized(ApiException ex)
        {
            string server = ex.VendorMessage != null ? " Server message: " + ex.VendorMessage : string.Empty;
            return _usesIdToken
                ? new SportsDataException(ErrorIds.Aikynetix.TokenExpired, FailureKind.Authentication,
                    "AiKYNETIX rejected the Firebase ID token: it has expired (they last about an hour) or is invalid, and this module cannot renew it. " + AikynetixConnector.ReconnectHint + server, ex)
                : new SportsDataException(ErrorIds.Aikynetix.InvalidApiKey, FailureKind.Authentication,
                    "AiKYNETIX rejected the API key. Check the key (and try -ApiKeyHeaderStyle AuthorizationHeader if your account expects 'Authorization: API-KEY <key>'), then run Connect-Aikynetix again." + server, ex);
        }

        public Exception? Fetch(ApiException ex)
        {
            if (ex.StatusCode == HttpStatusCode.Forbidden)
            {
                return new SportsDataException(ErrorIds.Aikynetix.NotAdmin, FailureKind.PermissionDenied,
                    "Fetching sessions by id is for AiKYNETIX admin accounts only, and this account is not an admin" + ServerSays(ex) +
                    ". Without admin rights, list your sessions and pick the ones you need: Get-ManagedSession | Where-Object SessionId -in $ids.", ex);
            }
            if (ex.StatusCode == HttpStatusCode.NotFound || ex.StatusCode == HttpStatusCode.MethodNotAllowed)
            {
                // The fetch path is not in the public docs, and the endpoint documents no 404: the path is the likely cause.
                return new SportsDataException(ErrorIds.Aikynetix.FetchEndpointNotFound, FailureKind.NotFound,
                    $"AiKYNETIX answered {(int)ex.StatusCode} to POST {_routes.FetchByIds}: the fetch-by-ids path is not published and may differ on this server" + ServerSays(ex) +
                    ". Set the right path with Connect-Aikynetix -FetchByIdsPath, or list sessions with Get-ManagedSession and filter them.", ex) { ParameterName = "FetchByIdsPath" };
            }
            return null;
        }

        public static Exception? Session(ApiException ex, string sessionId, string action)
        {
            if (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return new SportsDataException(ErrorIds.Aikynetix.SessionNotFound, FailureKind.NotFound, $"Cannot {action} session '{sessionId}': AiKYNETIX has no such session" + ServerSays(ex) + ".", ex) { Target = sessionId };
            }
            if (ex.StatusCode == HttpStatusCode.Forbidden)
            {
                string need = action == "delete"
                    ? "deleting a session needs an admin account"
                    : "this account lacks the privileges to " + action + " the session";
                return new SportsDataException(ErrorIds.Aikynetix.Forbidden, FailureKind.PermissionDenied,
                    $"Cannot {action} session '{sessionId}': {need}" + ServerSays(ex) + ".", ex) { Target = sessionId };
            }
            return null;
        }

        public static Exception? Video(ApiException ex, string sessionId)
        {
            if (ex.StatusCode == HttpStatusCode.Forbidden)
            {
                return new SportsDataException(ErrorIds.Aikynetix.PlanRequired, FailureKind.PermissionDenied,
                    $"AiKYNETIX refused the analyzed video of session '{sessionId}': the account's plan does not include analyzed videos, or it lacks the privileges" + ServerSays(ex) + ".", ex) { Target = sessionId };
            }
            if (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return new SportsDataException(ErrorIds.Aikynetix.SessionNotFound, FailureKind.NotFound, $"AiKYNETIX found no session data for '{sessionId}'" + ServerSays(ex) + ".", ex) { Target = sessionId };
            }
            if (ex.StatusCode == HttpStatusCode.BadRequest)
            {
                return new SportsDataException(ErrorIds.Aikynetix.VideoRequestRejected, FailureKind.InvalidOperation,
                    $"AiKYNETIX rejected the analyzed-video request for session '{sessionId}'" + ServerSays(ex) + ". A video that is already analyzed is not generated again.", ex) { Target = sessionId };
            }
            return null;
        }

        private static string ServerSays(ApiException ex) => ex.VendorMessage != null ? " (server: " + ex.VendorMessage.TrimEnd('.') + ")" : string.Empty;
    }
}
