using System;
using System.Net;
using System.Net.Http;
using SportsData.Connections;

namespace SportsData.Http
{
    /// <summary>Retry and time-out settings. Defaults (<see cref="Defaults"/>) suit a scheduled export: patient, but bounded.</summary>
    public sealed class RetrySettings
    {
        /// <summary>Retries after the first attempt (0 disables retrying).</summary>
        public int MaxRetryAttempts { get; set; } = Defaults.MaxRetryAttempts;

        /// <summary>First back-off delay; doubled each retry, with jitter.</summary>
        public TimeSpan BaseDelay { get; set; } = Defaults.RetryBaseDelay;

        /// <summary>Upper bound for one back-off delay, including a server's Retry-After.</summary>
        public TimeSpan MaxDelay { get; set; } = Defaults.RetryMaxDelay;

        /// <summary>Time-out for one attempt (until the response has been read).</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(Defaults.RequestTimeoutSec);

        /// <summary>Time-out for one request including all its retries and back-off.</summary>
        public TimeSpan TotalTimeout { get; set; } = Defaults.TotalRequestTimeout;

        public RetrySettings Clone() => (RetrySettings)MemberwiseClone();
    }

    /// <summary>Everything that decides how one connection talks HTTP.</summary>
    public sealed class TransportOptions(string vendor, Uri baseUri)
    {
        /// <summary>Short vendor name used in error ids and verbose text (Polar, Valor, Aikynetix).</summary>
        public string Vendor { get; } = vendor;

        public Uri BaseUri { get; } = baseUri;

        public RetrySettings Retry { get; set; } = new RetrySettings();

        /// <summary>Client-side limiter; null means no client-side limit.</summary>
        public TokenBucketRateLimiter? RateLimiter { get; set; }

        /// <summary>Replaces the network (the in-process sandbox, or a test double). Null uses sockets.</summary>
        public HttpMessageHandler? PrimaryHandler { get; set; }

        /// <summary>Vendor-specific handlers between the client and the network (e.g. Valor's envelope status), created per handler rotation.</summary>
        public System.Collections.Generic.IList<Func<DelegatingHandler>> AdditionalHandlers { get; } = new System.Collections.Generic.List<Func<DelegatingHandler>>();

        /// <summary>The proxy of every request (ignored with a <see cref="PrimaryHandler"/>, which is not the network).</summary>
        public ConnectionProxy Proxy { get; set; } = ConnectionProxy.System;

        public string UserAgent { get; set; } = "SportsData-PowerShell/" + typeof(TransportOptions).Assembly.GetName().Version;

        /// <summary>Status codes worth another attempt.</summary>
        public static bool IsTransientStatus(HttpStatusCode status)
        {
            int code = (int)status;
            return code == 408 || code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
        }
    }
}
