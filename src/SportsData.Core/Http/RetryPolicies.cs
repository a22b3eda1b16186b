using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SportsData.Http
{
    /// <summary>
    /// When a connection repeats a request: jittered exponential back-off honouring Retry-After, bounded attempts,
    /// per-attempt and total time-outs, every retry logged and counted. Requests the server may have acted on
    /// (POST, DELETE, PATCH) get a pipeline that repeats only failures where it surely did not.
    /// </summary>
    internal sealed class RetryPolicies
    {
        private readonly string _vendor;
        private readonly RetrySettings _settings;
        private long _retryCount;

        public RetryPolicies(string vendor, RetrySettings settings)
        {
            _vendor = vendor;
            _settings = settings;
            Repeatable = Build(IsTransient);
            NotProcessed = Build(IsNotProcessed);
        }

        /// <summary>For requests that may be sent again: network failures, time-outs and transient statuses.</summary>
        public ResiliencePipeline<HttpResponseMessage> Repeatable { get; }

        /// <summary>For requests the server may have acted on: only no connection, 429 and 503.</summary>
        public ResiliencePipeline<HttpResponseMessage> NotProcessed { get; }

        /// <summary>Attempts repeated so far (thread-safe).</summary>
        public long RetryCount => Interlocked.Read(ref _retryCount);

        /// <summary>A pipeline for an operation that reads responses itself (a streamed download).</summary>
        public ResiliencePipeline<object?> ForOperation()
        {
            var builder = new ResiliencePipelineBuilder<object?>();
            builder.AddTimeout(_settings.TotalTimeout);
            if (_settings.MaxRetryAttempts > 0)
            {
                builder.AddRetry(Options<object?>(
                    (outcome, token) => outcome.Exception != null && IsTransientException(outcome.Exception, token),
                    _ => null,
                    _ => "failure"));
            }
            return builder.Build();
        }

        private ResiliencePipeline<HttpResponseMessage> Build(Func<Outcome<HttpResponseMessage>, CancellationToken, bool> isTransient)
        {
            var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
            builder.AddTimeout(_settings.TotalTimeout);
            if (_settings.MaxRetryAttempts > 0)
            {
                builder.AddRetry(Options<HttpResponseMessage>(
                    isTransient,
                    response => RetryAfter(response, _settings.MaxDelay),
                    response => ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) + " " + response.StatusCode));
            }
            builder.AddTimeout(_settings.AttemptTimeout);
            return builder.Build();
        }

        /// <summary>The one retry policy: jittered exponential back-off, bounded attempts, every retry logged.</summary>
        private RetryStrategyOptions<T> Options<T>(Func<Outcome<T>, CancellationToken, bool> isTransient, Func<T?, TimeSpan?> retryAfter, Func<T, string> describe) =>
            new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = _settings.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _settings.BaseDelay,
                MaxDelay = _settings.MaxDelay,
                ShouldHandle = args => new ValueTask<bool>(isTransient(args.Outcome, args.Context.CancellationToken)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception == null ? retryAfter(args.Outcome.Result)
                    : (args.Outcome.Exception as TransientStatusException)?.RetryAfter),
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _retryCount);
                    string what = args.Outcome.Exception != null
                        ? args.Outcome.Exception.GetType().Name + ": " + SecretRedactor.RedactText(args.Outcome.Exception.Message)
                        : describe(args.Outcome.Result!);
                    RequestLog.Current.Verbose(string.Format(CultureInfo.InvariantCulture,
                        "{0}: {1}; retrying in {2:0.0} s (retry {3} of {4}).",
                        _vendor, what, args.RetryDelay.TotalSeconds, args.AttemptNumber + 1, _settings.MaxRetryAttempts));
                    return default;
                },
            };

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
            && ((exception is HttpRequestException && !TransportErrors.IsProxyTunnelRefusal(exception, null)) // a refused proxy password stays refused
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
    }
}
