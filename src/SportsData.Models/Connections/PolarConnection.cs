using System;

namespace SportsData.Connections
{
    /// <summary>A connection to Polar Team Pro (or its sandbox).</summary>
    public sealed class PolarConnection : SportsDataConnection
    {
        internal PolarConnection(Uri baseUri, string authenticationMethod, bool isSandbox, string? clientId, int burstCapacity, double refillPerSecond, string? tokenCachePath)
            : base("Polar", baseUri, authenticationMethod, isSandbox)
        {
            ClientId = clientId;
            RateLimitBurst = burstCapacity;
            RateLimitPerSecond = refillPerSecond;
            TokenCachePath = tokenCachePath;
        }

        /// <summary>The OAuth client id (not secret).</summary>
        public string? ClientId { get; }

        /// <summary>Size of the client-side burst bucket shared by every cmdlet using this connection.</summary>
        public int RateLimitBurst { get; }

        /// <summary>Refill rate of the burst bucket, requests per second.</summary>
        public double RateLimitPerSecond { get; }

        /// <summary>Where tokens are cached for unattended runs; null when caching is off.</summary>
        public string? TokenCachePath { get; }

        protected override string ConnectCmdletNoun => "PolarTeamPro";
    }
}
