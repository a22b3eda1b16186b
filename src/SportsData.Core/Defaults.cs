using System;

namespace SportsData
{
    /// <summary>
    /// Every default of the module, documented once and read from here by the engine options, the cmdlet parameters
    /// and their help (in the style of Polly's RetryConstants). Change a default here, then its help page.
    /// </summary>
    public static class Defaults
    {
        // Requests, every connection (Connect-* -MaxRetryCount, -RequestTimeoutSec)

        /// <summary>Retries after the first attempt for a 429, 5xx, time-out or dropped connection (-MaxRetryCount).</summary>
        public const int MaxRetryAttempts = 6;

        /// <summary>Retries of a sign-in or token renewal: at most this many, fewer when -MaxRetryCount is lower.</summary>
        public const int SignInMaxRetryAttempts = 3;

        /// <summary>First back-off delay, doubled each retry with jitter.</summary>
        public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(1);

        /// <summary>Upper bound of one back-off delay, including a server's Retry-After.</summary>
        public static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(60);

        /// <summary>Time-out of one HTTP attempt, until its response has been read (-RequestTimeoutSec).</summary>
        public const int RequestTimeoutSec = 100;

        /// <summary>Time-out of one request with all its retries and back-off.</summary>
        public static readonly TimeSpan TotalRequestTimeout = TimeSpan.FromMinutes(10);

        // Polar Team Pro (Connect-PolarTeamPro)

        /// <summary>Client-side burst bucket of a Polar connection: Polar documents a burst of 100 (-RateLimitBurst).</summary>
        public const int PolarRateLimitBurst = 100;

        /// <summary>Refill of the burst bucket: Polar documents 1 request per second (-RateLimitPerSecond).</summary>
        public const double PolarRateLimitPerSecond = 1.0;

        /// <summary>How long interactive sign-in waits for the browser's redirect (-SignInTimeoutSec).</summary>
        public const int SignInTimeoutSec = 300;

        /// <summary>Player sessions Get-PolarSample, Get-PolarRRInterval and the other read-ahead cmdlets fetch at once (-ThrottleLimit).</summary>
        public const int PlayerSessionThrottleLimit = 8;

        /// <summary>
        /// Player sessions Export-PolarSample fetches at once (-ThrottleLimit): each session in flight holds its encoded
        /// rows, so fewer than the other cmdlets keep memory flat and still overlap slow answers.
        /// </summary>
        public const int ExportThrottleLimit = 4;

        /// <summary>Player sessions Sync-PolarTeamPro (and Sync-SportsData for Polar) fetches at once (-ThrottleLimit).</summary>
        public const int SyncThrottleLimit = 8;

        // Every Sync-* dataset

        /// <summary>
        /// A sync writes its tables and state (a checkpoint) after this many completed items, and always at the end: a
        /// killed run loses at most this many items' worth of progress (their files are fetched again next run).
        /// </summary>
        public const int SyncCheckpointEveryItems = 20;

        /// <summary>A sync also writes a checkpoint when this much time passed since the last one, however few items.</summary>
        public static readonly TimeSpan SyncCheckpointInterval = TimeSpan.FromSeconds(30);

        // PostgreSQL (Publish-SportsDataset, Sync-SportsData -PublishConnectionString)

        /// <summary>Sample files Publish-SportsDataset loads at once, each on its own connection and transaction (-ThrottleLimit).</summary>
        public const int PublishThrottleLimit = 4;

        // Valor (Connect-Valor)

        /// <summary>AWS region of Valor's Cognito user pool (-Region).</summary>
        public const string ValorRegion = "us-east-1";

        /// <summary>Sessions per request of Valor's continuation-token listing (Get-ValorSession -PageSize, Sync-Valor).</summary>
        public const int ValorPageSize = 100;

        // AiKYNETIX (Connect-Aikynetix)

        /// <summary>How long Connect-Aikynetix waits for its credential check before it connects anyway.</summary>
        public static readonly TimeSpan AikynetixVerifyTimeout = TimeSpan.FromSeconds(15);

        /// <summary>Page size of the AiKYNETIX filter endpoint when none is given (the API's own default).</summary>
        public const int AikynetixPageSize = 10;

        /// <summary>Sync-ManagedSession flattens metrics and report comments into columns only up to this many keys (larger: JSON text in one column).</summary>
        public const int AikynetixMaxFlattenedKeys = 64;

        /// <summary>Sync-ManagedSession flattens metrics and report comments only up to this many levels deep (deeper: JSON text in one column).</summary>
        public const int AikynetixMaxFlattenDepth = 4;
    }
}
