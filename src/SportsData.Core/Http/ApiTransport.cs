using System;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using SportsData.Auth;

namespace SportsData.Http
{
    /// <summary>
    /// Reads one buffered response (its status, headers and body bytes) into a result, inside the retry policy.
    /// Throwing <see cref="JsonException"/> or a <see cref="SportsDataException"/> of kind InvalidData marks the body invalid.
    /// </summary>
    public delegate T ResponseReader<T>(HttpResponseMessage response, ArraySegment<byte> body);

    internal delegate void ResponseCheck(HttpResponseMessage response, ArraySegment<byte> body);

    /// <summary>
    /// Sends requests for one connection: client-side rate limit, credentials, the retry policies
    /// (<see cref="RetryPolicies"/>), one re-authentication after a 401, bodies buffered (<see cref="ResponseBuffer"/>),
    /// and failures turned into <see cref="ApiException"/>s without secrets (<see cref="TransportErrors"/>).
    /// </summary>
    public sealed class ApiTransport : IDisposable
    {
        private readonly TransportOptions _options;
        private readonly IAuthenticator? _authenticator;
        private readonly HttpClientSetup _clients;
        private readonly RetryPolicies _retries;
        private readonly TransportErrors _errors;
        private long _requestCount;

        public ApiTransport(TransportOptions options, IAuthenticator? authenticator)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _authenticator = authenticator;
            _clients = new HttpClientSetup(options);
            _retries = new RetryPolicies(options.Vendor, options.Retry);
            _errors = new TransportErrors(options, _clients.Proxy, () => _authenticator?.SecretsForRedaction ?? Array.Empty<string?>());
        }

        public TransportOptions Options => _options;

        /// <summary>Requests sent on this connection so far, every attempt counted (thread-safe).</summary>
        public long RequestCount => Interlocked.Read(ref _requestCount);

        /// <summary>Attempts repeated after a transient failure so far (thread-safe).</summary>
        public long RetryCount => _retries.RetryCount;

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
                    if (!response.IsSuccessStatusCode && !Accepts(acceptStatus, response.StatusCode)) return;
                    try
                    {
                        result = read(response, body);
                    }
                    catch (Exception ex) when (response.IsSuccessStatusCode && TransportErrors.IsInvalidBody(ex))
                    {
                        throw new InvalidResponseException(TransportErrors.Describe(response.RequestMessage), (int)response.StatusCode, repeatable, ex);
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

                if (response.IsSuccessStatusCode || Accepts(acceptStatus, response.StatusCode))
                {
                    if (disposeResponse) response.Dispose();
                    return result;
                }

                using (response)
                {
                    throw await _errors.FromResponseAsync(response, repeated: repeatable).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Whether the caller takes this failure status itself; never a proxy's 407, which is not the vendor's answer.</summary>
        private static bool Accepts(Func<HttpStatusCode, bool>? acceptStatus, HttpStatusCode status) =>
            acceptStatus != null && status != HttpStatusCode.ProxyAuthenticationRequired && acceptStatus(status);

        private async Task<HttpResponseMessage> SendWithRetriesAsync(Func<HttpRequestMessage> requestFactory, ResponseCheck check, bool repeatable, bool pooledBody, CancellationToken cancellationToken)
        {
            ResiliencePipeline<HttpResponseMessage> pipeline = repeatable ? _retries.Repeatable : _retries.NotProcessed;
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
                    Uri? target;
                    using (HttpRequestMessage probe = requestFactory())
                    {
                        request = TransportErrors.Describe(probe);
                        target = probe.RequestUri;
                    }
                    throw _errors.Translate(outcome.Exception, cancellationToken, request, repeatable, target);
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
            HttpClient client = _clients.CreateClient();
            HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            try
            {
                ArraySegment<byte> body = await ResponseBuffer.BufferAsync(response, pooledBody, cancellationToken).ConfigureAwait(false);
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

        /// <summary>
        /// Runs an operation that reads a response itself (a streamed download) under the same retry policy and
        /// total time-out as every request. The operation reports a retriable HTTP status by throwing
        /// <see cref="HttpRequestException"/>; time-outs inside it (stalls) surface as OperationCanceledException.
        /// </summary>
        public async Task<T> ExecuteWithRetriesAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken, Uri? target = null)
        {
            ResiliencePipeline<object?> pipeline = _retries.ForOperation();
            try
            {
                return (T)(await pipeline.ExecuteAsync(async token => (object?)await operation(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))!;
            }
            catch (Exception ex) when (!(ex is SportsDataException))
            {
                throw _errors.Translate(ex, cancellationToken, target != null ? "GET " + SecretRedactor.RedactUri(target) : null, repeatable: true, target);
            }
        }

        /// <summary>A handler for requests this connection makes outside the transport (video downloads): same proxy, no decompression.</summary>
        internal HttpMessageHandler CreateDownloadHandler() => _clients.CreatePrimaryHandler(decompress: false);

        /// <summary>The 407 error of this connection, for requests made outside the transport.</summary>
        internal ApiException ProxyAuthenticationRequired(Uri target) => _errors.ProxyAuthentication(_clients.Proxy.ProxyFor(target), "GET " + SecretRedactor.RedactUri(target));

        public void Dispose()
        {
            _clients.Dispose();
        }
    }
}
