using System;
using System.Net;

namespace SportsData.Auth
{
    /// <summary>The code an OAuth server hands back, taken from a redirected URL, its query string, or the bare code.</summary>
    public static class AuthorizationResponse
    {
        /// <summary>
        /// Extracts the authorization code. A URL or query with error=... becomes a clear failure; a state
        /// that does not match <paramref name="expectedState"/> (when both are present) is rejected.
        /// </summary>
        public static string ExtractCode(string pasted, string? expectedState, string parameterName = "AuthorizationCode")
        {
            if (string.IsNullOrWhiteSpace(pasted))
            {
                throw SportsDataException.InvalidArgument(parameterName, $"-{parameterName} is empty. Paste the code, or the whole URL the browser was redirected to.");
            }
            string text = pasted.Trim();
            int question = text.IndexOf('?');
            bool looksLikeQuery = question >= 0 || text.Contains("code=") || text.Contains("error=");
            if (!looksLikeQuery) return text;

            string query = question >= 0 ? text.Substring(question + 1) : text;
            int hash = query.IndexOf('#');
            if (hash >= 0) query = query.Substring(0, hash);
            string? code = null, state = null, error = null, errorDescription = null;
            foreach (string part in query.Split('&'))
            {
                int equals = part.IndexOf('=');
                if (equals <= 0) continue;
                string name = part.Substring(0, equals);
                string value = WebUtility.UrlDecode(part.Substring(equals + 1));
                switch (name)
                {
                    case "code": code = value; break;
                    case "state": state = value; break;
                    case "error": error = value; break;
                    case "error_description": errorDescription = value; break;
                }
            }
            if (error != null)
            {
                throw new SportsDataException(ErrorIds.OAuth.AuthorizationDenied, FailureKind.Authentication,
                    $"The authorization server refused access ({error}{(errorDescription != null ? ": " + errorDescription : string.Empty)}). Sign in again and approve access for the application.")
                { ParameterName = parameterName };
            }
            if (string.IsNullOrEmpty(code))
            {
                throw SportsDataException.InvalidArgument(parameterName, $"No 'code' was found in what was given to -{parameterName}. Paste the code, or the whole redirected URL that contains ?code=...");
            }
            if (expectedState != null && state != null && !string.Equals(state, expectedState, StringComparison.Ordinal))
            {
                throw new SportsDataException(ErrorIds.OAuth.StateMismatch, FailureKind.Authentication,
                    "The redirected URL belongs to a different sign-in attempt (state mismatch). Start the sign-in again and use the URL of this attempt.")
                { ParameterName = parameterName };
            }
            return code!;
        }
    }
}
