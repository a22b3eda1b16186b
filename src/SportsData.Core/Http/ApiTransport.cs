using System;
using System.Buffers;
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
    /// Reads one buffered response (its status, headers and body bytes) into a result, inside the retry policy.
    /// Throwing <see cref="JsonException"/> or a <see cref="SportsDataException"/> of kind InvalidData marks the body invalid.
    /// </summary>
    public delegate T ResponseReader<T>(HttpResponseMessage response, ArraySegment<byte> body);

    internal delegate void ResponseCheck(HttpResponseMessage response, ArraySegment<byte> body);

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

        /// <summary>
        /// Sends a GET and reads the successful response with <paramref name="read"/> inside the retry policy, so a body
        /// that is cut short, is not JSON or lacks the expected shape is retried like a dropped connection
        /// (see <see cref="SendAsync{T}"/>).
        /// </summary>
        public Task<T> GetAsync<T>(string relativePath, ResponseReader<T> read, CancellationToken cancellationToken, Func<HttpStatusCode, bool>? acceptStatus = null) =>
            SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Resolve(relativePath)), read, cancellationToken, acceptStatus);

        /// <summary>
        /// <see cref="GetAsync{T}(string, ResponseReader{T}, CancellationToken, Func{HttpStatusCode, bool})"/> for large bodies
        /// (sample sessions): the body is read into a pooled buffer (a bounded pool of its own) and given back when
        /// the reader returns, so a long export does not leave a large-object-heap array behind per response. The reader must
        /// not keep <c>body.Array</c> (or anything that points into it, such as a JsonDocument) beyond its own return.
        /// </summary>
        public Task<T> GetPooledAsync<T>(string relativePath, ResponseReader<T> read, CancellationToken cancellationToken) =>
            SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Resolve(relativePath)), read, cancellationToken, null, safeToRepeat: false, disposeResponse: true, pooledBody: true);

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
        public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> requestFactory, CancellationToken cancellationToken,
            Func<HttpStatusCode, bool>? acceptStatus = null, bool safeToRepeat = false) =>
            SendAsync(requestFactory, (response, body) => response, cancellationToken, acceptStatus, safeToRepeat, disposeResponse: false, pooledBody: false);

        /// <summary>
        /// Sends a request and reads the successful (or accepted) response with <paramref name="read"/> inside the retry
        /// policy: the reader gets the response and its buffered body and returns the parsed result (parse once, no second
        /// pass). When it throws <see cref="JsonException"/>, <see cref="FormatException"/>, <see cref="InvalidOperationException"/>
        /// or a <see cref="SportsDataException"/> of kind <see cref="FailureKind.InvalidData"/>, the body is invalid (cut short,
        /// not JSON, not the documented shape) and the attempt counts as failed like a dropped connection: retried within the
        /// same attempts and time-outs, and after the last attempt reported as <c>&lt;Vendor&gt;Api.InvalidResponse</c>.
        /// A POST, DELETE or PATCH is not repeated for an invalid body: the server has acted on it.
        /// </summary>
        public Task<T> SendAsync<T>(Func<HttpRequestMessage> requestFactory, ResponseReader<T> read, CancellationToken cancellationToken,
            Func<HttpStatusCode, bool>? acceptStatus = null, bool safeToRepeat = false) =>
            SendAsync(requestFactory, read, cancellationToken, acceptStatus, safeToRepeat, disposeResponse: true, pooledBody: false);

        private async Task<T> SendAsync<T>(Func<HttpRequestMessage> requestFactory, ResponseReader<T> read, CancellationToken cancellationToken,
            Func<HttpStatusCode, bool>? acceptStatus, bool safeToRepeat, bool disposeResponse, bool pooledBody)
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
                T result = default!;
                ResponseCheck check = (response, body) =>
                {
                    if (!response.IsSuccessStatusCode && (acceptStatus == null || !acceptStatus(response.StatusCode))) return;
                    try
                    {
                        result = read(response, body);
                    }
                    catch (Exception ex) when (response.IsSuccessStatusCode && IsInvalidBody(ex))
                    {
                        throw new InvalidResponseException(Describe(response.RequestMessage), (int)response.StatusCode, repeatable, ex);
                    }
                };
                HttpResponseMessage response = await SendWithRetriesAsync(requestFactory, check, repeatable, pooledBody, cancellationToken).ConfigureAwait(false);
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
                    if (disposeResponse) response.Dispose();
                    return result;
                }

                using (response)
                {
                    throw await CreateApiExceptionAsync(response, repeated: repeatable).ConfigureAwait(false);
                }
            }
        }

        private async Task<HttpResponseMessage> SendWithRetriesAsync(Func<HttpRequestMessage> requestFactory, ResponseCheck check, bool repeatable, bool pooledBody, CancellationToken cancellationToken)
        {
            ResiliencePipeline<HttpResponseMessage> pipeline = repeatable ? _pipeline : _notProcessedPipeline;
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            try
            {
                Outcome<HttpResponseMessage> outcome = await pipeline.ExecuteOutcomeAsync(
                    async (ctx, state) =>
                    {
                        try
                        {
                            return Outcome.FromResult(await state.transport.SendOnceAsync(state.factory, state.check, state.pooledBody, ctx.CancellationToken).ConfigureAwait(false));
                        }
                        catch (Exception ex)
                        {
                            return Outcome.FromException<HttpResponseMessage>(ex);
                        }
                    },
                    context,
                    (factory: requestFactory, check, transport: this, pooledBody)).ConfigureAwait(false);

                if (outcome.Exception != null)
                {
                    string request;
                    using (HttpRequestMessage probe = requestFactory()) request = Describe(probe);
                    throw TranslateTransportException(outcome.Exception, cancellationToken, request, repeatable);
                }
                return outcome.Result!;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> requestFactory, ResponseCheck check, bool pooledBody, CancellationToken cancellationToken)
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
                ArraySegment<byte> body = await BufferContentAsync(response, pooledBody, cancellationToken).ConfigureAwait(false);
                Log.Debug(string.Format(CultureInfo.InvariantCulture, "{0}: {1} -> {2} {3} in {4} ms", _options.Vendor, described, (int)response.StatusCode, response.StatusCode, stopwatch.ElapsedMilliseconds));
                if ((int)response.StatusCode == 429)
                {
                    _options.RateLimiter?.Drain();
                }
                check(response, body);
            }
            catch
            {
                response.Dispose();
                throw;
            }
            return response;
        }

        private static async Task<ArraySegment<byte>> BufferContentAsync(HttpResponseMessage response, bool pooled, CancellationToken cancellationToken)
        {
            if (response.Content == null) return new ArraySegment<byte>(Array.Empty<byte>());
            HttpContent original = response.Content;
            long? declared = original.Headers.ContentLength;
            int expected = declared != null && declared.Value > 0 && declared.Value < int.MaxValue ? (int)declared.Value : 0;
            ArraySegment<byte> segment;
            HttpContent buffered;
            if (pooled)
            {
                var content = new PooledBodyContent(expected);
                try
                {
                    using (Stream stream = await original.ReadAsStreamAsync().ConfigureAwait(false))
                    {
                        await content.FillAsync(stream, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch
                {
                    content.Dispose();
                    throw;
                }
                segment = content.Body;
                buffered = content;
            }
            else
            {
                var buffer = new MemoryStream(expected);
                using (Stream stream = await original.ReadAsStreamAsync().ConfigureAwait(false))
                {
                    await stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
                }
                segment = new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
                buffered = new ByteArrayContent(segment.Array!, segment.Offset, segment.Count);
            }
            foreach (var header in original.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            response.Content = buffered;
            original.Dispose();
            return segment;
        }

        /// <summary>A response body in a buffer rented from the shared array pool; disposing the response gives it back.</summary>
        private sealed class PooledBodyContent : HttpContent
        {
            // Its own pool, not ArrayPool.Shared: the shared pool keeps an array per thread, so multi-megabyte bodies
            // would pile up across the thread pool; this one holds at most a few arrays of each size, whatever the thread.
            private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(1 << 27, 16);

            private byte[]? _buffer;
            private int _length;

            public PooledBodyContent(int expected)
            {
                _buffer = Pool.Rent(Math.Max(expected, 1) + 1);
            }

            public ArraySegment<byte> Body => new ArraySegment<byte>(_buffer ?? throw new ObjectDisposedException(nameof(PooledBodyContent)), 0, _length);

            public async Task FillAsync(Stream stream, CancellationToken cancellationToken)
            {
                while (true)
                {
                    if (_length == _buffer!.Length)
                    {
                        byte[] larger = Pool.Rent(_buffer.Length * 2);
                        Buffer.BlockCopy(_buffer, 0, larger, 0, _length);
                        Pool.Return(_buffer);
                        _buffer = larger;
                    }
                    int read = await stream.ReadAsync(_buffer, _length, _buffer.Length - _length, cancellationToken).ConfigureAwait(false);
                    if (read == 0) return;
                    _length += read;
                }
            }

            protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
                stream.WriteAsync(Body.Array!, 0, _length);

            protected override bool TryComputeLength(out long length)
            {
                length = _length;
                return true;
            }

            protected override void Dispose(bool disposing)
            {
                byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
                if (buffer != null) Pool.Return(buffer);
                base.Dispose(disposing);
            }
        }

        /// <summary>Failures of a response reader that mean the body is not what the API documents.</summary>
        private static bool IsInvalidBody(Exception exception) =>
            exception is JsonException
            || exception is FormatException
            || exception is OverflowException
            || (exception is InvalidOperationException && !(exception is ObjectDisposedException))
            || (exception is SportsDataException failure && failure.Kind == FailureKind.InvalidData);

        private static string Describe(HttpRequestMessage? request) =>
            request?.RequestUri != null ? request.Method.Method + " " + SecretRedactor.RedactUri(request.RequestUri) : "the request";

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
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception == null ? retryAfter(args.Outcome.Result)
                    : (args.Outcome.Exception as TransientStatusException)?.RetryAfter),
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
                throw TranslateTransportException(ex, cancellationToken, null, repeatable: true);
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
                || exception is InvalidResponseException
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

        /// <summary>
        /// A failure after the retry policy gave up, as a SportsDataException that names the request (without secrets),
        /// says how often it was tried and what to do. A write that was not repeated says the server may have acted on it.
        /// </summary>
        private Exception TranslateTransportException(Exception exception, CancellationToken cancellationToken, string? request, bool repeatable)
        {
            if (exception is SportsDataException) return exception;
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested) return exception;
            if (exception is InvalidResponseException invalid)
            {
                return new SportsDataException(_options.Vendor + "Api.InvalidResponse", FailureKind.InvalidData, invalid.Explain(_options.Vendor), invalid.InnerException);
            }
            string what = request ?? "the request";
            string tries = repeatable
                ? string.Format(CultureInfo.InvariantCulture, "after {0} attempt(s)", _options.Retry.MaxRetryAttempts + 1)
                : "and was not repeated, because the server may have acted on it: check the result (list or get the item) before running the command again";
            if (exception is TimeoutRejectedException || exception is OperationCanceledException)
            {
                return new SportsDataException(_options.Vendor + "Api.Timeout", FailureKind.Timeout,
                    string.Format(CultureInfo.InvariantCulture, "{0}: {1} did not complete within the time-out ({2:0.#} s per attempt, {3:0.#} s in all) {4}. If the network or the service is slow, raise -RequestTimeoutSec or try later.",
                        _options.Vendor, what, _options.Retry.AttemptTimeout.TotalSeconds, _options.Retry.TotalTimeout.TotalSeconds, tries), exception);
            }
            if (exception is HttpRequestException || exception is IOException)
            {
                return new SportsDataException(_options.Vendor + "Api.ConnectionFailed", FailureKind.Connection,
                    string.Format(CultureInfo.InvariantCulture, "{0}: the connection failed for {1} ({2}) {3}. Check the network and that {4} is reachable, then run the command again.",
                        _options.Vendor, what, SecretRedactor.RedactText(exception.Message), tries, SecretRedactor.RedactUri(_options.BaseUri)), exception);
            }
            return exception;
        }

        private async Task<ApiException> CreateApiExceptionAsync(HttpResponseMessage response, bool repeated)
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
            if (!repeated && TransportOptions.IsTransientStatus(response.StatusCode) && code != 429 && code != 503)
            {
                hint += " The request was not repeated because the server may have acted on it: check the result (list or get the item) before running the command again.";
            }
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
