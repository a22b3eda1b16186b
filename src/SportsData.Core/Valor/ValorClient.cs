using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Connections;
using SportsData.Http;
using SportsData.Json;

namespace SportsData.Valor
{
    /// <summary>What Get-ValorSession asks for.</summary>
    public sealed class ValorSessionQuery
    {
        /// <summary>Only this athlete's sessions; null or empty for the whole organisation.</summary>
        public string? AthleteId { get; set; }

        /// <summary>Sessions per request (Valor's limit). Null: the default, or on resume the stopped listing's.</summary>
        public int? PageSize { get; set; }

        /// <summary>Stop after this many sessions; no page beyond the one that reaches it is requested.</summary>
        public long? MaxItems { get; set; }

        /// <summary>Continue the stopped listing of this athlete instead of starting over.</summary>
        public bool Resume { get; set; }

        /// <summary>
        /// The consumer acknowledges each session itself (<see cref="ValorListingState.Acknowledge(ValorSession)"/>)
        /// once it has really been delivered, as the cmdlets do after writing to the pipeline. Otherwise a session
        /// counts as returned when it is handed out.
        /// </summary>
        public bool AcknowledgeOnDelivery { get; set; }
    }

    /// <summary>The Valor API: athletes, sessions (continuation-token paging), report data and IK data.</summary>
    public sealed class ValorClient
    {
        public const int DefaultPageSize = Defaults.ValorPageSize;
        public const int MaxPageSize = 10000;
        private readonly ApiTransport _transport;
        private readonly ValorConnection _connection;

        public ValorClient(ApiTransport transport, ValorConnection connection)
        {
            _transport = transport;
            _connection = connection;
        }

        public ApiTransport Transport => _transport;

        /// <summary>Every athlete of the organisation (follows a continuation token if Valor sends one).</summary>
        public async IAsyncEnumerable<ValorAthlete> GetAthletesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            string token = ValorListingState.StartToken;
            var seen = new HashSet<string>(StringComparer.Ordinal) { token };
            for (int page = 1; ; page++)
            {
                Page<ValorAthlete> result = await GetPageAsync("athletes", token, ValorMapper.Athlete, notFoundIsEmpty: true, cancellationToken).ConfigureAwait(false);
                _transport.Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Valor: athletes page {0}: {1} athlete(s){2}.", page, result.Items.Count, result.NotFound ? " (404: none)" : string.Empty));
                foreach (ValorAthlete athlete in result.Items) yield return athlete;
                if (!ContinueWith(result.NextToken, seen, "athletes")) yield break;
                token = result.NextToken!;
            }
        }

        /// <summary>
        /// Sessions, page by page: limit = page size on every request; the X-Continuation-Token starts as "" and
        /// each token Valor returns goes back JSON-encoded until it is null. 404 means no sessions. Where the
        /// listing stands is kept in the connection, so a stopped listing can be resumed.
        /// </summary>
        public async IAsyncEnumerable<ValorSession> GetSessionsAsync(ValorSessionQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (query.PageSize != null && (query.PageSize < 1 || query.PageSize > MaxPageSize))
            {
                throw SportsDataException.InvalidArgument("PageSize", $"PageSize {query.PageSize} is out of range: use 1 to {MaxPageSize} sessions per request.");
            }
            if (query.MaxItems != null && query.MaxItems.Value < 1)
            {
                throw SportsDataException.InvalidArgument("First", $"The item cap {query.MaxItems} must be at least 1.");
            }
            string? athleteId = string.IsNullOrWhiteSpace(query.AthleteId) ? null : query.AthleteId!.Trim();
            string who = athleteId == null ? "all athletes" : "athlete " + athleteId;
            ValorListingState listing;
            if (query.Resume)
            {
                listing = (query.PageSize != null ? _connection.GetOrAddListing(athleteId, query.PageSize.Value) : _connection.FindResumable(athleteId))
                    ?? _connection.GetOrAddListing(athleteId, DefaultPageSize);
                if (listing.IsComplete)
                {
                    _transport.Log.Warning($"Valor: the session listing of {who} (page size {listing.PageSize}) is already complete ({listing.SessionsReturned} session(s)); nothing to resume. Run Get-ValorSession without -Resume to list again.");
                    yield break;
                }
                _transport.Log.Verbose(listing.Status == "NotStarted"
                    ? $"Valor: no stopped session listing of {who} to resume; starting from the first page."
                    : string.Format(CultureInfo.InvariantCulture, "Valor: resuming the session listing of {0} (page size {1}) after {2} session(s), from continuation token {3}, skipping {4} session(s) of that page already returned.",
                        who, listing.PageSize, listing.SessionsReturned, listing.ContinuationToken, listing.SkipInPage));
            }
            else
            {
                listing = _connection.GetOrAddListing(athleteId, query.PageSize ?? DefaultPageSize);
                listing.Restart();
            }

            (string? start, int skip, int generation) = listing.BeginRun();
            string token = start ?? ValorListingState.StartToken;
            var seen = new HashSet<string>(StringComparer.Ordinal) { token };
            long returned = 0;
            for (int page = 1; ; page++)
            {
                listing.PageRequested();
                ValorSessionPage result = await GetSessionPageAsync(athleteId, listing.PageSize, token, cancellationToken).ConfigureAwait(false);
                string? next = ContinueWith(result.NextToken, seen, "sessions") ? result.NextToken : null;
                _transport.Log.Verbose(result.NotFound
                    ? $"Valor: no sessions found for {who} (the API answered 404)."
                    : string.Format(CultureInfo.InvariantCulture, "Valor: sessions of {0}, page {1}: {2} session(s); {3}.", who, page, result.Sessions.Count, next == null ? "last page" : "more to come"));
                _transport.Log.Progress("Valor: sessions of " + who, "page " + page, returned + Math.Max(0, result.Sessions.Count - skip), query.MaxItems);
                int count = result.Sessions.Count;
                if (skip >= count) listing.Advance(generation, next);
                for (int i = skip; i < count; i++)
                {
                    ValorSession session = result.Sessions[i];
                    var cursor = listing.NextCursor(generation, token, i + 1, count, next);
                    session.ListingCursor = cursor;
                    if (!query.AcknowledgeOnDelivery) listing.Acknowledge(cursor);
                    yield return session;
                    returned++;
                    if (query.MaxItems != null && returned >= query.MaxItems.Value)
                    {
                        if (i + 1 < count || next != null) _transport.Log.Verbose($"Valor: stopped at {returned} session(s) as asked; continue with Get-ValorSession -Resume.");
                        yield break;
                    }
                }
                skip = 0;
                if (next == null) yield break;
                token = next;
            }
        }

        /// <summary>
        /// One page of the session listing: GET sessions?[athleteID=..&amp;]limit=.. with the X-Continuation-Token
        /// <paramref name="continuationToken"/> (JSON text; <see cref="ValorListingState.StartToken"/> for the first page).
        /// A 404 is an empty last page.
        /// </summary>
        internal async Task<ValorSessionPage> GetSessionPageAsync(string? athleteId, int pageSize, string continuationToken, CancellationToken cancellationToken)
        {
            string path = "sessions?" + (athleteId != null ? "athleteID=" + Uri.EscapeDataString(athleteId) + "&" : string.Empty) + "limit=" + pageSize.ToString(CultureInfo.InvariantCulture);
            Page<ValorSession> result = await GetPageAsync(path, continuationToken, ValorMapper.Session, notFoundIsEmpty: true, cancellationToken).ConfigureAwait(false);
            return new ValorSessionPage(result.Items, result.NextToken, result.NotFound);
        }

        /// <summary>The report of one session (reportData), one row per metric and side.</summary>
        public async Task<IReadOnlyList<ValorReportMetric>> GetReportAsync(string s3Key, string? sessionId, string? athleteId, CancellationToken cancellationToken)
        {
            RequireKey(s3Key);
            List<ValorReportMetric> rows = await _transport.GetAsync("reportData?s3Key=" + Uri.EscapeDataString(s3Key.Trim()), (response, bytes) =>
            {
                using ValorEnvelope envelope = ValorEnvelope.Parse(bytes, null);
                return ValorMapper.Report(envelope.Body, s3Key, sessionId, athleteId);
            }, cancellationToken).ConfigureAwait(false);
            _transport.Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Valor: report of {0}: {1} metric row(s).", sessionId ?? s3Key, rows.Count));
            return rows;
        }

        /// <summary>
        /// The inverse-kinematics data of one session (ikData), one row per frame per joint. One session's
        /// response is held at a time; rows are produced as they are read.
        /// </summary>
        public async IAsyncEnumerable<ValorIKFrame> GetIKDataAsync(string s3Key, string? sessionId, string? athleteId, Func<string, bool>? includeJoint,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using ValorEnvelope envelope = await GetIKEnvelopeAsync(s3Key, cancellationToken).ConfigureAwait(false);
            long rows = 0;
            foreach (ValorIKFrame frame in ValorMapper.IKFrames(envelope.Body, s3Key, sessionId, athleteId, includeJoint))
            {
                if ((rows & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
                rows++;
                yield return frame;
            }
            _transport.Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Valor: IK data of {0}: {1} row(s).", sessionId ?? s3Key, rows));
        }

        /// <summary>The ikData response of one session, decoded (its body holds the 60 Hz arrays; map it with ValorMapper.IKFrames).</summary>
        internal async Task<ValorEnvelope> GetIKEnvelopeAsync(string s3Key, CancellationToken cancellationToken)
        {
            RequireKey(s3Key);
            // Parsed inside the retry policy: a body cut short is fetched again before the first row is produced.
            return await _transport.GetAsync("ikData?s3Key=" + Uri.EscapeDataString(s3Key.Trim()),
                (response, bytes) => ValorEnvelope.Parse(bytes, null), cancellationToken).ConfigureAwait(false);
        }

        private sealed class Page<T>(List<T> items, string? nextToken, bool notFound)
        {
            public List<T> Items { get; } = items;
            /// <summary>The token to send for the next page (JSON text), or null at the end.</summary>
            public string? NextToken { get; } = nextToken;
            public bool NotFound { get; } = notFound;
        }

        private async Task<Page<T>> GetPageAsync<T>(string pathAndQuery, string token, Func<JsonRecord, T> map, bool notFoundIsEmpty, CancellationToken cancellationToken)
        {
            _transport.Log.Debug("Valor: X-Continuation-Token: " + token);
            return await _transport.SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, _transport.Resolve(pathAndQuery));
                request.Headers.TryAddWithoutValidation(ValorEnvelope.TokenName, token);
                return request;
            }, (response, bytes) => response.StatusCode == HttpStatusCode.NotFound ? new Page<T>(new List<T>(), null, true) : ReadPage(response, bytes, map),
            cancellationToken, status => notFoundIsEmpty && status == HttpStatusCode.NotFound).ConfigureAwait(false);
        }

        private static Page<T> ReadPage<T>(HttpResponseMessage response, ArraySegment<byte> bytes, Func<JsonRecord, T> map)
        {
            string? headerToken = response.Headers.TryGetValues(ValorEnvelope.TokenName, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
            using ValorEnvelope envelope = ValorEnvelope.Parse(bytes, headerToken);
            var items = new List<T>();
            JsonElement body = envelope.Body;
            if (body.ValueKind == JsonValueKind.Object) body = FirstArray(body) ?? default;
            if (body.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement element in body.EnumerateArray())
                {
                    if (element.ValueKind == JsonValueKind.Object) items.Add(map(new JsonRecord(element)));
                }
            }
            string? next = null;
            if (envelope.HasToken && envelope.Token != null && envelope.Token.Value.ValueKind != JsonValueKind.Null && envelope.Token.Value.ValueKind != JsonValueKind.Undefined
                // The documented client loops stop at the text "null" too (a Lambda that json.dumps a missing key).
                && !(envelope.Token.Value.ValueKind == JsonValueKind.String && envelope.Token.Value.GetString() == "null"))
            {
                next = JsonStringify.Element(envelope.Token.Value);
            }
            return new Page<T>(items, next, false);
        }

        /// <summary>A body that is an object holding the list (Items, sessions...) instead of the list itself.</summary>
        private static JsonElement? FirstArray(JsonElement body)
        {
            foreach (JsonProperty property in body.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Array) return property.Value;
            }
            return null;
        }

        /// <summary>Whether to request another page: not at a null token, an empty token, or one already sent (a loop).</summary>
        internal bool ContinueWith(string? next, HashSet<string> seen, string what)
        {
            if (next == null) return false;
            if (next == ValorListingState.StartToken)
            {
                _transport.Log.Verbose($"Valor: the {what} listing returned an empty continuation token; treating the page as the last.");
                return false;
            }
            if (!seen.Add(next))
            {
                _transport.Log.Warning($"Valor: the {what} listing returned continuation token {next} a second time; stopping here instead of looping.");
                return false;
            }
            return true;
        }

        private static void RequireKey(string s3Key)
        {
            if (string.IsNullOrWhiteSpace(s3Key))
            {
                throw SportsDataException.InvalidArgument("S3Key", "-S3Key is empty. Pass the s3Key of a session, or pipe in sessions from Get-ValorSession.");
            }
        }
    }

    /// <summary>One page of Valor's session listing.</summary>
    internal sealed class ValorSessionPage(IReadOnlyList<ValorSession> sessions, string? nextToken, bool notFound)
    {
        public IReadOnlyList<ValorSession> Sessions { get; } = sessions;
        /// <summary>The token to send for the next page (JSON text), or null at the end.</summary>
        public string? NextToken { get; } = nextToken;
        /// <summary>The API answered 404: no sessions.</summary>
        public bool NotFound { get; } = notFound;
    }
}
