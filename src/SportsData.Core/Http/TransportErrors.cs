using System;
using System.Collections.Generic;
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
        private readonly Func<string?[]> _secrets;

        public TransportErrors(TransportOptions options, Func<string?[]> secrets)
        {
            _vendor = options.Vendor;
            _baseUri = options.BaseUri;
            _retry = options.Retry;
            _secrets = secrets;
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
        public Exception Translate(Exception exception, CancellationToken cancellationToken, string? request, bool repeatable)
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
                return new SportsDataException(ErrorIds.ApiConnectionFailed(_vendor), FailureKind.Connection,
                    string.Format(CultureInfo.InvariantCulture, "{0}: the connection failed for {1} ({2}) {3}. Check the network and that {4} is reachable, then run the command again.",
                        _vendor, what, SecretRedactor.RedactText(exception.Message), tries, SecretRedactor.RedactUri(_baseUri)), exception);
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
            vendorMessage = vendorMessage == null ? null : SecretRedactor.RedactKnown(vendorMessage, _secrets());
            int code = (int)response.StatusCode;
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
    }
}
