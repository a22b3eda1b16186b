using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using SportsData.Auth;

namespace SportsData.Http
{
    /// <summary>
    /// Sends requests for one connection: client-side rate limit, credentials, retries with jittered
    /// exponential back-off (honouring Retry-After), per-attempt and total time-outs, one re-authentication
    /// after a 401, and failures turned into <see cref="ApiException"/>s without secrets.
    /// </summary>
    public sealed class ApiTransport : IDisposable
    {
        private readonly TransportOptions _options;
        private readonly IAuthenticator? _authenticator;
        private readonly ServiceProvider _services;
        private readonly IHttpClientFactory _clientFactory;
        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
        private readonly ResiliencePipeline<HttpResponseMessage> _notProcessedPipeline;
        private readonly string _clientName;
        private long _requestCount;
        private long _retryCount;

        public ApiTransport(TransportOptions options, IAuthenticator? authenticator)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _authenticator = authenticator;
            _clientName = "SportsData." + options.Vendor;

            var services = new ServiceCollection();
            IHttpClientBuilder builder = services.AddHttpClient(_clientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline owns time-outs
                client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            });
            foreach (Func<DelegatingHandler> handler in options.AdditionalHandlers) builder.AddHttpMessageHandler(handler);
            if (options.PrimaryHandler != null)
            {
                HttpMessageHandler primary = options.PrimaryHandler;
                builder.ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(primary));
            }
            else
            {
                builder.ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                {
                    AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                    AllowAutoRedirect = true,
                });
            }
            _services = services.BuildServiceProvider();
            _clientFactory = _services.GetRequiredService<IHttpClientFactory>();
            _pipeline = BuildPipeline(options.Retry, IsTransient);
            _notProcessedPipeline = BuildPipeline(options.Retry, IsNotProcessed);
        }

        public TransportOptions Options => _options;

        /// <summary>Requests sent on this connection so far, every attempt counted (thread-safe).</summary>
        public long RequestCount => Interlocked.Read(ref _requestCount);

        /// <summary>Attempts repeated after a transient failure so far (thread-safe).</summary>
        public long RetryCount => Interlocked.Read(ref _retryCount);

        /// <summary>Receives verbose/debug text: the log of the operation that is running (<see cref="RequestLog.Current"/>).</summary>
        public IRequestLog Log => RequestLog.Current;

        /// <summary>Sends a GET to a path relative to the base URI and returns the buffered, successful response.</summary>
        public Task<HttpResponseMessage> GetAsync(string relativePath, CancellationToken cancellationToken, Func<HttpStatusCode, bool>? acceptStatus = null) =>
            SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Resolve(relativePath)), cancellationToken, acceptStatus);

        public Uri Resolve(string relativePath)
        {
            string baseText = _options.BaseUri.AbsoluteUri;
            if (!baseText.EndsWith("/", StringComparison.Ordinal)) baseText += "/";
            return new Uri(new Uri(baseText), relativePath.TrimStart('/'));
        }

        /// <summary>
        /// Sends a request built fresh for every attempt. The returned response's content is fully read into
        /// memory (one page or one session, never a whole export), so a connection dropped mid-body is retried.
        /// A status for which <paramref name="acceptStatus"/> returns true is handed back instead of thrown.
        /// POST, DELETE and PATCH are repeated only when the server surely did not act on them (connection refused,
        /// 429, 503), so a delete or a video generation never runs twice or reports a 404 for its own success;
        /// <paramref name="safeToRepeat"/> marks a POST that may be repeated (sign-in, read-only queries).
        /// </summary>
        public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> requestFactory, CancellationToken cancellationToken,
            Func<HttpStatusCode, bool>? acceptStatus = null, bool safeToRepeat = false)
        {
            bool repeatable = safeToRepeat;
            if (!repeatable)
            {
                using HttpRequestMessage probe = requestFactory();
                repeatable = probe.Method != HttpMethod.Post && probe.Method != HttpMethod.Delete && probe.Method.Method != "PATCH";
            }
            bool reauthenticated = false;
            while (true)
            {
                HttpResponseMessage response = await SendWithRetriesAsync(requestFactory, repeatable ? _pipeline : _notProcessedPipeline, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Unauthorized && !reauthenticated && _authenticator != null && _authenticator.CanRefresh)
                {
                    response.Dispose();
                    reauthenticated = true;
                    Log.Verbose(_options.Vendor + ": the server answered 401 Unauthorized; renewing the access token and trying once more.");
                    await _authenticator.RefreshAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (response.IsSuccessStatusCode || (acceptStatus != null && acceptStatus(response.StatusCode)))
                {
                    return response;
                }

                using (response)
                {
                    throw await CreateApiExceptionAsync(response).ConfigureAwait(false);
                }
            }
        }

        private async Task<HttpResponseMessage> SendWithRetriesAsync(Func<HttpRequestMessage> requestFactory, ResiliencePipeline<HttpResponseMessage> pipeline, CancellationToken cancellationToken)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            try
            {
                Outcome<HttpResponseMessage> outcome = await pipeline.ExecuteOutcomeAsync(
                    async (ctx, state) =>
                    {
                        try
                        {
                            return Outcome.FromResult(await state.SendOnceAsync(state.factory, ctx.CancellationToken).ConfigureAwait(false));
                        }
                        catch (Exception ex)
                        {
                            return Outcome.FromException<HttpResponseMessage>(ex);
                        }
                    },
                    context,
                    (factory: requestFactory, SendOnceAsync: (Func<Func<HttpRequestMessage>, CancellationToken, Task<HttpResponseMessage>>)SendOnceAsync)).ConfigureAwait(false);

                if (outcome.Exception != null)
                {
                    throw TranslateTransportException(outcome.Exception, cancellationToken);
                }
                return outcome.Result!;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> requestFactory, CancellationToken cancellationToken)
        {
            if (_options.RateLimiter != null)
            {
                await _options.RateLimiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
            }

            using HttpRequestMessage request = requestFactory();
            if (_authenticator != null)
            {
                await _authenticator.ApplyAsync(request, cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _requestCount);
            string described = request.Method.Method + " " + SecretRedactor.RedactUri(request.RequestUri!);
            Log.Verbose(_options.Vendor + ": " + described);
            var stopwatch = Stopwatch.StartNew();
            HttpClient client = _clientFactory.CreateClient(_clientName);
            HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            try
            {
                await BufferContentAsync(response, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
            Log.Debug(string.Format(CultureInfo.InvariantCulture, "{0}: {1} -> {2} {3} in {4} ms", _options.Vendor, described, (int)response.StatusCode, response.StatusCode, stopwatch.ElapsedMilliseconds));
            if ((int)response.StatusCode == 429)
            {
                _options.RateLimiter?.Drain();
            }
            return response;
        }

        private static async Task BufferContentAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            if (response.Content == null) return;
            HttpContent original = response.Content;
            var buffer = new MemoryStream();
            using (Stream stream = await original.ReadAsStreamAsync().ConfigureAwait(false))
            {
                await stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
            }
            var buffered = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
            foreach (var header in original.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            response.Content = buffered;
            original.Dispose();
        }

        private ResiliencePipeline<HttpResponseMessage> BuildPipeline(RetrySettings settings, Func<Outcome<HttpResponseMessage>, CancellationToken, bool> isTransient)
        {
            var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
            builder.AddTimeout(settings.TotalTimeout);
            if (settings.MaxRetryAttempts > 0)
            {
                builder.AddRetry(RetryOptions<HttpResponseMessage>(settings,
                    isTransient,
                    response => RetryAfter(response, settings.MaxDelay),
                    response => ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) + " " + response.StatusCode));
            }
            builder.AddTimeout(settings.AttemptTimeout);
            return builder.Build();
        }

        /// <summary>The one retry policy: jittered exponential back-off, bounded attempts, every retry logged.</summary>
        private RetryStrategyOptions<T> RetryOptions<T>(RetrySettings settings, Func<Outcome<T>, CancellationToken, bool> isTransient,
            Func<T?, TimeSpan?> retryAfter, Func<T, string> describe) =>
            new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = settings.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                ShouldHandle = args => new ValueTask<bool>(isTransient(args.Outcome, args.Context.CancellationToken)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception == null ? retryAfter(args.Outcome.Result) : null),
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _retryCount);
                    string what = args.Outcome.Exception != null
                        ? args.Outcome.Exception.GetType().Name + ": " + SecretRedactor.RedactText(args.Outcome.Exception.Message)
                        : describe(args.Outcome.Result!);
                    Log.Verbose(string.Format(CultureInfo.InvariantCulture,
                        "{0}: {1}; retrying in {2:0.0} s (retry {3} of {4}).",
                        _options.Vendor, what, args.RetryDelay.TotalSeconds, args.AttemptNumber + 1, settings.MaxRetryAttempts));
                    return default;
                },
            };

        /// <summary>
        /// Runs an operation that reads a response itself (a streamed download) under the same retry policy and
        /// total time-out as every request. The operation reports a retriable HTTP status by throwing
        /// <see cref="HttpRequestException"/>; time-outs inside it (stalls) surface as OperationCanceledException.
        /// </summary>
        public async Task<T> ExecuteWithRetriesAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
        {
            RetrySettings settings = _options.Retry;
            var builder = new ResiliencePipelineBuilder<object?>();
            builder.AddTimeout(settings.TotalTimeout);
            if (settings.MaxRetryAttempts > 0)
            {
                builder.AddRetry(RetryOptions<object?>(settings,
                    (outcome, token) => outcome.Exception != null && IsTransientException(outcome.Exception, token),
                    _ => null,
                    _ => "failure"));
            }
            ResiliencePipeline<object?> pipeline = builder.Build();
            try
            {
                return (T)(await pipeline.ExecuteAsync(async token => (object?)await operation(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))!;
            }
            catch (Exception ex) when (!(ex is SportsDataException))
            {
                throw TranslateTransportException(ex, cancellationToken);
            }
        }

        private static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
        {
            if (outcome.Exception != null) return IsTransientException(outcome.Exception, cancellationToken);
            return outcome.Result != null && TransportOptions.IsTransientStatus(outcome.Result.StatusCode);
        }

        /// <summary>Failures where the server cannot have acted on the request: no connection, 429, 503.</summary>
        private static bool IsNotProcessed(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
        {
            if (outcome.Exception != null)
            {
                return !cancellationToken.IsCancellationRequested
                    && outcome.Exception is HttpRequestException && outcome.Exception.InnerException is System.Net.Sockets.SocketException;
            }
            int status = outcome.Result == null ? 0 : (int)outcome.Result.StatusCode;
            return status == 429 || status == 503;
        }

        /// <summary>Network failures, dropped connections and time-outs; never the caller's own cancellation.</summary>
        private static bool IsTransientException(Exception exception, CancellationToken cancellationToken) =>
            !cancellationToken.IsCancellationRequested
            && (exception is HttpRequestException
                || (exception is IOException && !(exception is FileNotFoundException) && !(exception is DirectoryNotFoundException))
                || exception is TimeoutRejectedException
                || exception is OperationCanceledException);

        /// <summary>Retry-After as seconds or an HTTP date; null lets the exponential back-off decide.</summary>
        internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan maxDelay)
        {
            RetryConditionHeaderValue? header = response?.Headers.RetryAfter;
            if (header == null) return null;
            TimeSpan? delay = header.Delta;
            if (delay == null && header.Date != null) delay = header.Date.Value - DateTimeOffset.UtcNow;
            if (delay == null) return null;
            if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
            return delay > maxDelay ? maxDelay : delay;
        }

        private Exception TranslateTransportException(Exception exception, CancellationToken cancellationToken)
        {
            if (exception is SportsDataException) return exception;
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested) return exception;
            if (exception is TimeoutRejectedException || exception is OperationCanceledException)
            {
                return new SportsDataException(_options.Vendor + "Api.Timeout", FailureKind.Timeout,
                    $"{_options.Vendor}: the request did not complete within the time-out ({_options.Retry.TotalTimeout.TotalSeconds:0} s in all, {_options.Retry.AttemptTimeout.TotalSeconds:0} s per attempt), after retries.", exception);
            }
            if (exception is HttpRequestException || exception is IOException)
            {
                return new SportsDataException(_options.Vendor + "Api.ConnectionFailed", FailureKind.Connection,
                    $"{_options.Vendor}: could not reach {SecretRedactor.RedactUri(_options.BaseUri)} after {_options.Retry.MaxRetryAttempts + 1} attempts: {SecretRedactor.RedactText(exception.Message)}", exception);
            }
            return exception;
        }

        private async Task<ApiException> CreateApiExceptionAsync(HttpResponseMessage response)
        {
            string? vendorMessage = null;
            if (response.Content != null)
            {
                string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                vendorMessage = ExtractVendorMessage(body);
            }
            vendorMessage = vendorMessage == null ? null : SecretRedactor.RedactKnown(vendorMessage, _authenticator?.SecretsForRedaction ?? Array.Empty<string>());
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
            string message = string.Format(CultureInfo.InvariantCulture, "{0} API answered {1} ({2}) to {3}.{4}{5}",
                _options.Vendor, code, response.ReasonPhrase ?? response.StatusCode.ToString(), request,
                vendorMessage != null ? " Server message: " + vendorMessage : string.Empty, hint);
            return new ApiException(_options.Vendor + "Api." + response.StatusCode, kind, message, response.StatusCode, vendorMessage)
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

        public void Dispose()
        {
            _services.Dispose();
        }

        /// <summary>The factory disposes handlers it rotates; a shared sandbox handler must survive that.</summary>
        private sealed class NonDisposingHandler : DelegatingHandler
        {
            public NonDisposingHandler(HttpMessageHandler inner) : base(new PassThrough(inner)) { }

            private sealed class PassThrough : HttpMessageHandler
            {
                private readonly HttpMessageInvoker _invoker;

                public PassThrough(HttpMessageHandler inner) { _invoker = new HttpMessageInvoker(inner, disposeHandler: false); }

                protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                    _invoker.SendAsync(request, cancellationToken);
            }
        }
    }
}
