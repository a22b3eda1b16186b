using System;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.Auth
{
    /// <summary>
    /// Listens on a loopback redirect URI (http://127.0.0.1:PORT/path or http://localhost:PORT/path) for the
    /// browser's redirect after sign-in, and returns the authorization code in it.
    /// </summary>
    public sealed class LoopbackCodeReceiver : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly Uri _redirectUri;

        public LoopbackCodeReceiver(Uri redirectUri)
        {
            if (!IsLoopback(redirectUri))
            {
                throw SportsDataException.InvalidArgument("RedirectUri", $"'{redirectUri}' is not a loopback http:// address, so no listener can catch the redirect. Use http://127.0.0.1:PORT/ (registered with the vendor), or paste the code with -AuthorizationCode.");
            }
            _redirectUri = redirectUri;
            string prefix = redirectUri.GetLeftPart(UriPartial.Path);
            if (!prefix.EndsWith("/", StringComparison.Ordinal)) prefix = prefix.Substring(0, prefix.LastIndexOf('/') + 1);
            _listener.Prefixes.Add(prefix);
            try
            {
                _listener.Start();
            }
            catch (HttpListenerException ex)
            {
                throw new SportsDataException(ErrorIds.OAuth.ListenerFailed, FailureKind.Connection,
                    $"Could not listen on {prefix} for the sign-in redirect ({ex.Message}). Choose another free port with -RedirectUri (and register it with the vendor), or paste the code with -AuthorizationCode.", ex)
                { ParameterName = "RedirectUri" };
            }
        }

        public static bool IsLoopback(Uri uri) =>
            uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || uri.Host == "localhost");

        /// <summary>Waits for the redirect that carries the code (ignoring unrelated requests such as favicon.ico).</summary>
        public async Task<string> WaitForCodeAsync(string expectedState, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            using (timeoutSource.Token.Register(() => { try { _listener.Stop(); } catch (ObjectDisposedException) { } }))
            {
                while (true)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException || ex is InvalidOperationException)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        throw new SportsDataException(ErrorIds.OAuth.SignInTimedOut, FailureKind.Timeout,
                            $"No sign-in redirect reached {_redirectUri} within {timeout.TotalMinutes:0.#} minute(s). Run the command again, or paste the code with -AuthorizationCode.", ex);
                    }
                    string query = context.Request.Url?.Query ?? string.Empty;
                    if (!query.Contains("code=") && !query.Contains("error="))
                    {
                        Respond(context, 404, "Waiting for the sign-in redirect.");
                        continue;
                    }
                    try
                    {
                        string code = AuthorizationResponse.ExtractCode(query, expectedState, "RedirectUri");
                        Respond(context, 200, "Signed in. You can close this window and return to PowerShell.");
                        return code;
                    }
                    catch (SportsDataException ex)
                    {
                        Respond(context, 400, "Sign-in failed: " + ex.Message);
                        throw;
                    }
                }
            }
        }

        private static void Respond(HttpListenerContext context, int status, string text)
        {
            byte[] body = Encoding.UTF8.GetBytes("<!doctype html><html><body><p>" + WebUtility.HtmlEncode(text) + "</p></body></html>");
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            context.Response.OutputStream.Write(body, 0, body.Length);
            context.Response.Close();
        }

        public void Dispose()
        {
            try { _listener.Close(); } catch (ObjectDisposedException) { }
        }
    }
}
