using System;
using System.Collections.Generic;
using System.Globalization;

namespace SportsData.Valor
{
    /// <summary>
    /// Where a session listing of one connection stands, keyed by athlete and page size: a listing stopped early
    /// (Ctrl+C, Select-Object -First, -First) continues from here with Get-ValorSession -Resume, without
    /// returning a session twice. Read-only to users; continuation tokens are not secrets and are shown as sent.
    /// </summary>
    public sealed class ValorListingState
    {
        private readonly object _gate = new object();
        private readonly List<(long AfterSequence, string? Token, bool Complete)> _pending = new List<(long, string?, bool)>();
        private int _generation;
        private long _yielded;
        private long _acknowledged;

        internal ValorListingState(string? athleteId, int pageSize)
        {
            AthleteId = athleteId;
            PageSize = pageSize;
            ContinuationToken = StartToken;
            StartedAt = UpdatedAt = DateTimeOffset.Now;
        }

        /// <summary>The X-Continuation-Token of a listing's first page: an empty string, JSON-encoded.</summary>
        public const string StartToken = "\"\"";

        /// <summary>The athlete whose sessions are listed; empty for the whole organisation.</summary>
        public string? AthleteId { get; }

        /// <summary>Sessions per request (the API's limit).</summary>
        public int PageSize { get; }

        /// <summary>The X-Continuation-Token the next request sends (JSON text); null once the listing is complete.</summary>
        public string? ContinuationToken { get; private set; }

        /// <summary>Sessions of the page at <see cref="ContinuationToken"/> that were already returned (skipped on resume).</summary>
        public int SkipInPage { get; private set; }

        /// <summary>Sessions returned so far by this listing, over every run that continued it.</summary>
        public long SessionsReturned { get; private set; }

        /// <summary>Pages requested so far, over every run.</summary>
        public int PagesRequested { get; private set; }

        /// <summary>True when the last page has been returned: nothing is left to resume.</summary>
        public bool IsComplete { get; private set; }

        public DateTimeOffset StartedAt { get; private set; }

        public DateTimeOffset UpdatedAt { get; private set; }

        /// <summary>Complete, NotStarted, or Stopped (resumable).</summary>
        public string Status => IsComplete ? "Complete" : SessionsReturned == 0 && PagesRequested == 0 ? "NotStarted" : "Stopped";

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "Sessions of {0} (page size {1}): {2}, {3} returned",
            string.IsNullOrEmpty(AthleteId) ? "all athletes" : AthleteId, PageSize, Status, SessionsReturned);

        /// <summary>Starts the listing over from the first page.</summary>
        internal void Restart()
        {
            lock (_gate)
            {
                _generation++;
                _yielded = _acknowledged = 0;
                _pending.Clear();
                ContinuationToken = StartToken;
                SkipInPage = 0;
                SessionsReturned = 0;
                PagesRequested = 0;
                IsComplete = false;
                StartedAt = UpdatedAt = DateTimeOffset.Now;
            }
        }

        /// <summary>Where a resumed run starts: the token to send and how many sessions of that page to skip.</summary>
        internal (string? Token, int Skip, int Generation) BeginRun()
        {
            lock (_gate)
            {
                _generation++; // sessions handed out by an earlier run no longer move this one
                _yielded = _acknowledged = 0;
                _pending.Clear();
                return (ContinuationToken, SkipInPage, _generation);
            }
        }

        internal void PageRequested()
        {
            lock (_gate)
            {
                PagesRequested++;
                UpdatedAt = DateTimeOffset.Now;
            }
        }

        /// <summary>The engine is about to hand out a session: the cursor says where the listing stands once it is taken.</summary>
        internal ValorListingCursor NextCursor(int generation, string requestToken, int indexInPage, int pageCount, string? nextToken)
        {
            lock (_gate)
            {
                _yielded++;
                return new ValorListingCursor(this, generation, _yielded, requestToken, indexInPage, pageCount, nextToken);
            }
        }

        /// <summary>
        /// A page without sessions moved the listing on (or ended it). Applied once every session handed out
        /// before it has been taken, so a stop in between never skips sessions.
        /// </summary>
        internal void Advance(int generation, string? nextToken)
        {
            lock (_gate)
            {
                if (generation != _generation) return;
                if (_acknowledged == _yielded) Apply(nextToken, 0, nextToken == null);
                else _pending.Add((_yielded, nextToken, nextToken == null));
            }
        }

        /// <summary>The session of this cursor reached its consumer.</summary>
        internal void Acknowledge(ValorListingCursor cursor)
        {
            lock (_gate)
            {
                if (cursor.Generation != _generation || cursor.Sequence <= _acknowledged) return;
                _acknowledged = cursor.Sequence;
                SessionsReturned++;
                if (cursor.IndexInPage >= cursor.PageCount) Apply(cursor.NextToken, 0, cursor.NextToken == null);
                else Apply(cursor.RequestToken, cursor.IndexInPage, false);
                for (int i = 0; i < _pending.Count; i++)
                {
                    if (_pending[i].AfterSequence == _acknowledged) Apply(_pending[i].Token, 0, _pending[i].Complete);
                }
                _pending.RemoveAll(p => p.AfterSequence <= _acknowledged);
            }
        }

        /// <summary>Marks the session handed to a consumer (for pipeline consumers, called once it has been written).</summary>
        internal static void Acknowledge(ValorSession session)
        {
            if (session.ListingCursor is ValorListingCursor cursor) cursor.Listing.Acknowledge(cursor);
        }

        private void Apply(string? token, int skip, bool complete)
        {
            ContinuationToken = complete ? null : token;
            SkipInPage = complete ? 0 : skip;
            IsComplete = complete;
            UpdatedAt = DateTimeOffset.Now;
        }
    }

    /// <summary>The listing position after one session: engine bookkeeping carried on the session object.</summary>
    internal sealed class ValorListingCursor(ValorListingState listing, int generation, long sequence, string requestToken, int indexInPage, int pageCount, string? nextToken)
    {
        public ValorListingState Listing { get; } = listing;
        public int Generation { get; } = generation;
        public long Sequence { get; } = sequence;
        public string RequestToken { get; } = requestToken;
        /// <summary>1-based position of the session in its page.</summary>
        public int IndexInPage { get; } = indexInPage;
        public int PageCount { get; } = pageCount;
        public string? NextToken { get; } = nextToken;
    }
}
