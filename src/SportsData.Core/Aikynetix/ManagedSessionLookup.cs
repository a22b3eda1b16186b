using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Http;

namespace SportsData.Aikynetix
{
    /// <summary>
    /// Get-ManagedSession's two ways of finding sessions: a listing (whole list, or the paged filter endpoint), and ids
    /// collected into batches of the admin fetch endpoint, each id delivered or given its own error.
    /// </summary>
    public sealed class ManagedSessionLookup
    {
        private readonly AikynetixClient _client;
        private readonly List<string> _pending = new List<string>();
        private readonly HashSet<string> _queued = new HashSet<string>(StringComparer.Ordinal);

        public ManagedSessionLookup(AikynetixClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        /// <summary>
        /// The sessions of a listing. The list endpoint returns everything in one response; the filter endpoint pages,
        /// so with a filter, a cap or a page size the caller chose it is used, and a cap never downloads more than it needs.
        /// </summary>
        public IAsyncEnumerable<ManagedSession> ListAsync(AikynetixSessionFilter filter, PagingOptions paging, bool pageSizeChosen, CancellationToken cancellationToken, Action<long>? reportTotal = null)
        {
            bool paged = !filter.IsEmpty || paging.MaxItems != null || pageSizeChosen;
            return paged ? _client.FindSessionsAsync(filter, paging, cancellationToken, reportTotal) : _client.GetSessionsAsync(paging.MaxItems, cancellationToken, reportTotal);
        }

        /// <summary>Queues ids (each once, blanks skipped); true when a whole batch is waiting.</summary>
        public bool Add(IEnumerable<string> sessionIds)
        {
            foreach (string id in sessionIds)
            {
                if (string.IsNullOrWhiteSpace(id) || !_queued.Add(id)) continue;
                _pending.Add(id);
            }
            return _pending.Count >= Math.Max(1, _client.Routes.FetchByIdsBatchSize);
        }

        public bool HasPending => _pending.Count > 0;

        /// <summary>The queued ids, taken off the queue.</summary>
        public string[] TakePending()
        {
            string[] ids = _pending.ToArray();
            _pending.Clear();
            return ids;
        }

        /// <summary>
        /// Fetches the sessions of <paramref name="ids"/>: each found session goes to <paramref name="deliver"/>, each id
        /// not returned gets <see cref="ErrorIds.Aikynetix.SessionNotFound"/>, and when a request of several ids fails,
        /// every id not yet delivered gets that failure (a single id's failure is thrown).
        /// </summary>
        public async Task FetchAsync(IReadOnlyList<string> ids, Action<ManagedSession> deliver, Action<Exception, string> fail, CancellationToken cancellationToken)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            IAsyncEnumerator<ManagedSession> sessions = _client.GetSessionsByIdAsync(ids, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await sessions.MoveNextAsync().ConfigureAwait(false)) break;
                    }
                    catch (Exception ex) when (ids.Count > 1 && !cancellationToken.IsCancellationRequested)
                    {
                        foreach (string failed in ids.Where(id => !found.Contains(id))) fail(ex, failed);
                        return;
                    }
                    found.Add(sessions.Current.SessionId);
                    deliver(sessions.Current);
                }
            }
            finally
            {
                await sessions.DisposeAsync().ConfigureAwait(false);
            }
            foreach (string missing in ids.Where(id => !found.Contains(id)))
            {
                fail(new SportsDataException(ErrorIds.Aikynetix.SessionNotFound, FailureKind.NotFound, $"AiKYNETIX returned no session '{missing}'.") { Target = missing }, missing);
            }
        }
    }
}
