using System;
using System.Collections.Generic;
using System.Linq;
using SportsData.Valor;

namespace SportsData.Connections
{
    /// <summary>A connection to the Valor API (or its sandbox), with the state of its session listings.</summary>
    public sealed class ValorConnection : SportsDataConnection
    {
        private readonly object _gate = new object();
        private readonly List<ValorListingState> _listings = new List<ValorListingState>();

        internal ValorConnection(Uri baseUri, string authenticationMethod, bool isSandbox, string? clientId, string? userName, Uri? cognitoEndpoint)
            : base("Valor", baseUri, authenticationMethod, isSandbox)
        {
            ClientId = clientId;
            UserName = userName;
            CognitoEndpoint = cognitoEndpoint;
        }

        /// <summary>The Cognito app client id (not secret); null for -Token connections.</summary>
        public string? ClientId { get; }

        /// <summary>The signed-in user; null for -Token connections.</summary>
        public string? UserName { get; }

        /// <summary>The Cognito endpoint used to sign in and renew tokens.</summary>
        public Uri? CognitoEndpoint { get; }

        /// <summary>Session listings of this connection, finished or resumable (see Get-ValorSession -Resume).</summary>
        public IReadOnlyList<ValorListingState> Listings
        {
            get { lock (_gate) return _listings.ToArray(); }
        }

        protected override string ConnectCmdletNoun => "Valor";

        /// <summary>The listing state for an athlete and page size, created when new.</summary>
        internal ValorListingState GetOrAddListing(string? athleteId, int pageSize)
        {
            string? key = string.IsNullOrEmpty(athleteId) ? null : athleteId;
            lock (_gate)
            {
                ValorListingState? found = _listings.FirstOrDefault(l => l.AthleteId == key && l.PageSize == pageSize);
                if (found != null) return found;
                var created = new ValorListingState(key, pageSize);
                _listings.Add(created);
                return created;
            }
        }

        /// <summary>The athlete's most recently used unfinished listing, whatever its page size; else the most recent finished one.</summary>
        internal ValorListingState? FindResumable(string? athleteId)
        {
            string? key = string.IsNullOrEmpty(athleteId) ? null : athleteId;
            lock (_gate)
            {
                return _listings.Where(l => l.AthleteId == key).OrderBy(l => l.IsComplete).ThenByDescending(l => l.UpdatedAt).FirstOrDefault();
            }
        }
    }
}
