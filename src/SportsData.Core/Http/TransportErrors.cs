using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Polly.Timeout;

namespace SportsData.Http
{
    /// <summary>A retriable status met by an operation that reads responses itself (a download), with the server's Retry-After.</summary>
    internal sealed class TransientStatusException : HttpRequestException
    {
        public TransientStatusException(string message, TimeSpan? retryAfter) : base(message)
        {
            RetryAfter = retryAfter;
        }

        public TimeSpan? RetryAfter { get; }
    }

    /// <summary>A response whose body could not be read: cut short, not JSON, or not the documented shape.</summary>
    internal sealed class InvalidResponseException : Exception
    {
        public InvalidResponseException(string request, int status, bool repeatable, Exception inner)
            : base($"{request} answered {status} with a body that could not be read ({SecretRedactor.RedactText(inner.Message)})", inner)
        {
            Request = request;
            Repeatable = repeatable;
        }

        /// <summary>Method and URI, without secrets.</summary>
        public string Request { get; }

        public bool Repeatable { get; }

        public string Explain(string vendor) => Repeatable
            ? $"{vendor}: {Message}, on every attempt. The body was cut short or is not the JSON the API documents: usually a network or server fault. Run the command again later; if it keeps failing, check that the connection's base URI points at the {vendor} API."
            : $"{vendor}: {Message}. The request was not repeated because the server has acted on it: check the result (list or get the item) before running the command again.";
    }

    /// <summary>
    /// Turns what went wrong on one connection into a <see cref="SportsDataException"/> that names the request (without
    /// secrets), says how often it was tried and what to do: failure statuses, dropped connections, time-outs and bodies
    /// that could not be read.
    /// </summary>
    internal sealed class TransportErrors
    {
        private readonly string _vendor;
        private readonly Uri _baseUri;
        private readonly RetrySettings _retry;
        private readonly Func<string?[]> _credentials;
        private readonly ProxyPlan _proxy;

        public TransportErrors(TransportOptions options, ProxyPlan proxy, Func<string?[]> credentials)
        {
            _vendor = options.Vendor;
            _baseUri = options.BaseUri;
            _retry = options.Retry;
            _proxy = proxy;
            _credentials = credentials;
        }

        /// <summary>The connection's secrets (tokens, keys, the proxy password) to mask in any text that leaves the engine.</summary>
        private string?[] Secrets()
        {
            string?[] credentials = _credentials();
            if (_proxy.Secret == null) return credentials;
            var all = new string?[credentials.Length + 1];
            credentials.CopyTo(all, 0);
            all[credentials.Length] = _proxy.Secret;
            return all;
        }

        /// <summary>Failures of a response reader that mean the body is not what the API documents.</summary>
        public static bool IsInvalidBody(Exception exception) =>
            exception is JsonException
            || exception is FormatException
            || exception is OverflowException
            || (exception is InvalidOperationException && !(exception is ObjectDisposedException))
            || (exception is SportsDataException failure && failure.Kind == FailureKind.InvalidData);

        public static string Describe(HttpRequestMessage? request) =>
            request?.RequestUri != null ? request.Method.Method + " " + SecretRedactor.RedactUri(request.RequestUri) : "the request";

        /// <summary>
        /// A failure after the retry policy gave up, as a SportsDataException that names the request (without secrets),
        /// says how often it was tried and what to do. A write that was not repeated says the server may have acted on it.
        /// </summary>
        public Exception Translate(Exception exception, CancellationToken cancellationToken, string? request, bool repeatable, Uri? target)
        {
            if (exception is SportsDataException) return exception;
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested) return exception;
            if (exception is InvalidResponseException invalid)
            {
                return new SportsDataException(ErrorIds.ApiInvalidResponse(_vendor), FailureKind.InvalidData, invalid.Explain(_vendor), invalid.InnerException);
            }
            string what = request ?? "the request";
            string tries = repeatable
                ? string.Format(CultureInfo.InvariantCulture, "after {0} attempt(s)", _retry.MaxRetryAttempts + 1)
                : "and was not repeated, because the server may have acted on it: check the result (list or get the item) before running the command again";
            if (exception is TimeoutRejectedException || exception is OperationCanceledException)
            {
                return new SportsDataException(ErrorIds.ApiTimeout(_vendor), FailureKind.Timeout,
                    string.Format(CultureInfo.InvariantCulture, "{0}: {1} did not complete within the time-out ({2:0.#} s per attempt, {3:0.#} s in all) {4}. If the network or the service is slow, raise -RequestTimeoutSec or try later.",
                        _vendor, what, _retry.AttemptTimeout.TotalSeconds, _retry.TotalTimeout.TotalSeconds, tries), exception);
            }
            if (exception is HttpRequestException || exception is IOException)
            {
                Exception? proxyFailure = target == null ? null : ProxyFailure(exception, target, what, tries);
                if (proxyFailure != null) return proxyFailure;
                return new SportsDataException(ErrorIds.ApiConnectionFailed(_vendor), FailureKind.Connection,
                    string.Format(CultureInfo.InvariantCulture, "{0}: the connection failed for {1} ({2}) {3}. Check the network and that {4} is reachable, then run the command again.",
                        _vendor, what, SecretRedactor.RedactKnown(exception.Message, Secrets()), tries, SecretRedactor.RedactUri(_baseUri)), exception);
            }
            return exception;
        }

        public async Task<ApiException> FromResponseAsync(HttpResponseMessage response, bool repeated)
        {
            string? vendorMessage = null;
            if (response.Content != null)
            {
                string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                vendorMessage = ExtractVendorMessage(body);
            }
            vendorMessage = vendorMessage == null ? null : SecretRedactor.RedactKnown(vendorMessage, Secrets());
            int code = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.ProxyAuthenticationRequired)
            {
                Uri? target = response.RequestMessage?.RequestUri;
                return ProxyAuthentication(target != null ? _proxy.ProxyFor(target) : null, TransportErrors.Describe(response.RequestMessage));
            }
            FailureKind kind = code switch
            {
                400 => FailureKind.InvalidArgument,
                401 => FailureKind.Authentication,
                403 => FailureKind.PermissionDenied,
                404 => FailureKind.NotFound,
                429 => FailureKind.RateLimited,
                _ when code >= 500 => FailureKind.ServerError,
                _ => FailureKind.InvalidOperation,
            };
            string request = response.RequestMessage?.RequestUri != null
                ? response.RequestMessage.Method.Method + " " + SecretRedactor.RedactUri(response.RequestMessage.RequestUri)
                : "the request";
            string hint = kind switch
            {
                FailureKind.Authentication => " The credentials were rejected or have expired: connect again.",
                FailureKind.RateLimited => " The rate limit was still exceeded after all retries: lower the request rate or try later.",
                FailureKind.NotFound => " The item does not exist or is not one of this account's records.",
                _ => string.Empty,
            };
            if (!repeated && TransportOptions.IsTransientStatus(response.StatusCode) && code != 429 && code != 503)
            {
                hint += " The request was not repeated because the server may have acted on it: check the result (list or get the item) before running the command again.";
            }
            string message = string.Format(CultureInfo.InvariantCulture, "{0} API answered {1} ({2}) to {3}.{4}{5}",
                _vendor, code, response.ReasonPhrase ?? response.StatusCode.ToString(), request,
                vendorMessage != null ? " Server message: " + vendorMessage : string.Empty, hint);
            return new ApiException(ErrorIds.ApiStatus(_vendor, response.StatusCode), kind, message, response.StatusCode, vendorMessage)
            {
                Target = request,
            };
        }

        /// <summary>Finds the human text in the error shapes the vendors use.</summary>
        internal static string? ExtractVendorMessage(string body)
        {
            if (string.IsNullOrWhiteSpace(body)) return null;
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                return FindMessage(document.RootElement);
            }
            catch (JsonException)
            {
                string trimmed = body.Trim();
                return trimmed.Length > 300 ? trimmed.Substring(0, 300) + "..." : trimmed;
            }
        }

        private static string? FindMessage(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.String) return element.GetString();
            if (element.ValueKind != JsonValueKind.Object) return null;
            foreach (string name in new[] { "message", "error_description", "error", "detail", "body", "__type" })
            {
                if (element.TryGetProperty(name, out JsonElement value))
                {
                    string? found = FindMessage(value);
                    if (!string.IsNullOrEmpty(found)) return found;
                }
            }
            return null;
        }

        /// <summary>
        /// The proxy refused the request for want of credentials (407), as its own error naming -ProxyCredential: not the
        /// vendor's answer, and not fixed by connecting again with other vendor credentials.
        /// </summary>
        public ApiException ProxyAuthentication(Uri? proxy, string request)
        {
            string which = proxy != null ? "The proxy " + Connections.ConnectionProxy.Origin(proxy) : "The proxy";
            string given = _proxy.Settings.HasCredential ? "refused the -ProxyCredential given" : _proxy.Settings.UseDefaultCredentials ? "refused the Windows sign-in (-ProxyUseDefaultCredentials)" : "wants a user name and password";
            string message = string.Format(CultureInfo.InvariantCulture,
                "{0}: {1} answered 407 (Proxy Authentication Required) to {2}: it {3}. Connect again with -ProxyCredential (the proxy account, e.g. from Get-Credential), or -ProxyUseDefaultCredentials to sign in to the proxy as the Windows account that runs PowerShell (a scheduled task runs as its own account).",
                _vendor, which, request, given);
            return new ApiException(ErrorIds.ProxyAuthenticationRequired, FailureKind.Authentication, message, HttpStatusCode.ProxyAuthenticationRequired, null)
            {
                ParameterName = "ProxyCredential",
                Target = request,
            };
        }

        /// <summary>A failure that is the proxy's, when the request went through one: unreachable, or a tunnel refused with 407.</summary>
        private Exception? ProxyFailure(Exception exception, Uri target, string what, string tries)
        {
            Uri? proxy = _proxy.ProxyFor(target);
            if (proxy == null) return null;
            if (IsProxyTunnelRefusal(exception, proxy)) return ProxyAuthentication(proxy, what);
            if (!IsUnreachable(exception)) return null;
            string address = Connections.ConnectionProxy.Origin(proxy);
            string source = _proxy.Settings.Mode == Connections.ProxyMode.Explicit ? "-Proxy" : "the system proxy (HTTPS_PROXY/HTTP_PROXY, or the operating system's setting)";
            return new SportsDataException(ErrorIds.ProxyUnreachable, FailureKind.Connection,
                string.Format(CultureInfo.InvariantCulture,
                    "{0}: the proxy {1} could not be reached for {2} ({3}) {4}. Check {5}: the proxy's host name and port, and that it is running; connect with -Proxy to name another one, or -NoProxy if this network needs none.",
                    _vendor, address, what, SecretRedactor.RedactKnown(exception.Message, Secrets()), tries, source), exception)
            {
                ParameterName = "Proxy",
                Target = address,
            };
        }

        /// <summary>
        /// Whether the proxy answered 407 to the CONNECT of an https tunnel, which .NET reports as an exception rather than a
        /// response: on .NET 8+ an HttpRequestException with HttpRequestError.ProxyTunnelError (the status in its
        /// StatusCode, or else only in its text, after the proxy's address); on .NET Framework a WebException carrying the
        /// 407 response. The netstandard2.0 build reads the .NET 8+ properties when it runs there. The proxy's address is
        /// taken out of the text first, so a proxy on port 4070 that cannot be reached is not mistaken for a 407.
        /// </summary>
        internal static bool IsProxyTunnelRefusal(Exception exception, Uri? proxy)
        {
            for (Exception? e = exception; e != null; e = e.InnerException)
            {
                if (e is WebException web && web.Response is HttpWebResponse answer && answer.StatusCode == HttpStatusCode.ProxyAuthenticationRequired) return true;
#if !NET8_0_OR_GREATER
                // .NET Framework: a WebException without its response still says "(407) Proxy Authentication Required".
                if (e is WebException && e.Message.IndexOf("Proxy", StringComparison.OrdinalIgnoreCase) >= 0 && LastStatusIn(e.Message, proxy) == 407) return true;
#endif
                if (!(e is HttpRequestException http)) continue;
#if NET8_0_OR_GREATER
                if (http.StatusCode == HttpStatusCode.ProxyAuthenticationRequired) return true;
                if (http.HttpRequestError == HttpRequestError.ProxyTunnelError && LastStatusIn(http.Message, proxy) == 407) return true;
#else
                System.Reflection.PropertyInfo? error = http.GetType().GetProperty("HttpRequestError");
                if (error != null)
                {
                    // .NET 8+ running the netstandard2.0 build: the same properties, read by name.
                    if (http.GetType().GetProperty("StatusCode")?.GetValue(http) is HttpStatusCode code && code == HttpStatusCode.ProxyAuthenticationRequired) return true;
                    if (string.Equals(error.GetValue(http)?.ToString(), "ProxyTunnelError", StringComparison.Ordinal) && LastStatusIn(http.Message, proxy) == 407) return true;
                    continue;
                }
#endif
            }
            return false;
        }

        /// <summary>The last three-digit number standing on its own in <paramref name="message"/>, not counting the proxy's address.</summary>
        private static int? LastStatusIn(string message, Uri? proxy)
        {
            if (proxy != null)
            {
                message = message.Replace(proxy.AbsoluteUri, " ").Replace(Connections.ConnectionProxy.Origin(proxy), " ").Replace(proxy.Authority, " ");
            }
            System.Text.RegularExpressions.MatchCollection numbers = System.Text.RegularExpressions.Regex.Matches(message, @"(?<![\d.:])\d{3}(?![\d.:]\d)");
            return numbers.Count == 0 ? null : int.Parse(numbers[numbers.Count - 1].Value, CultureInfo.InvariantCulture);
        }

        /// <summary>No connection could be made at all: refused, no such host, no route, or no answer to the connect.</summary>
        private static bool IsUnreachable(Exception exception)
        {
            for (Exception? e = exception; e != null; e = e.InnerException)
            {
                if (e is System.Net.Sockets.SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case System.Net.Sockets.SocketError.ConnectionRefused:
                        case System.Net.Sockets.SocketError.HostNotFound:
                        case System.Net.Sockets.SocketError.HostUnreachable:
                        case System.Net.Sockets.SocketError.NetworkUnreachable:
                        case System.Net.Sockets.SocketError.TimedOut:
                        case System.Net.Sockets.SocketError.TryAgain:
                        case System.Net.Sockets.SocketError.NoData:
                            return true;
                    }
                }
            }
            return false;
        }
    }
}
