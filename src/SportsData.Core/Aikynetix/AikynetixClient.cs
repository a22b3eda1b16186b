using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Http;

namespace SportsData.Aikynetix
{
    /// <summary>The AiKYNETIX session-management endpoints, paged, mapped and with vendor-specific errors.</summary>
    public sealed class AikynetixClient
    {
        public const int DefaultPageSize = Defaults.AikynetixPageSize;
        public const int MaxPageSize = 1000;
        private const string Vendor = "Aikynetix";
        private readonly ApiTransport _transport;
        private readonly AikynetixDownloader _downloader;
        private readonly AikynetixErrors _errors;

        internal AikynetixClient(ApiTransport transport, AikynetixRoutes routes, AikynetixDownloader downloader, bool usesIdToken)
        {
            _transport = transport;
            Routes = routes;
            _downloader = downloader;
            _errors = new AikynetixErrors(routes, usesIdToken);
        }

        public AikynetixRoutes Routes { get; }

        public ApiTransport Transport => _transport;

        private IRequestLog Log => _transport.Log;

        /// <summary>
        /// Checks the credential with one light request (the filter endpoint, limit=1). Only a rejected credential
        /// fails; anything else (no sessions, a 403 for the filter endpoint, a server error) is left for later calls.
        /// </summary>
        public async Task VerifyCredentialsAsync(CancellationToken cancellationToken)
        {
            // Bounded, so an unreachable host does not hold Connect-Aikynetix through every retry.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(VerifyTimeout);
            try
            {
                await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, _transport.Resolve(Routes.Filter + "?limit=1")), (response, body) => true, bounded.Token, NotFoundIsEmpty).ConfigureAwait(false);
            }
            catch (SportsDataException ex) when (ex.Kind != FailureKind.Authentication && ex.ErrorId != ErrorIds.ProxyUnreachable)
            {
                Log.Verbose("Aikynetix: could not verify the credentials now (" + ex.Message + "); continuing.");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Aikynetix: the credential check got no answer within {0:0} s; continuing.", VerifyTimeout.TotalSeconds));
            }
        }

        /// <summary>How long Connect-Aikynetix waits for its credential check.</summary>
        public TimeSpan VerifyTimeout { get; set; } = Defaults.AikynetixVerifyTimeout;

        /// <summary>GET sessions/: every session of the user (one response, a map keyed by id), up to the cap.</summary>
        /// <remarks><paramref name="reportTotal"/>, when given, hears the number of sessions before the first is yielded.</remarks>
        public IAsyncEnumerable<ManagedSession> GetSessionsAsync(long? maxItems, CancellationToken cancellationToken, Action<long>? reportTotal = null)
        {
            RequireCap(maxItems);
            return ListAsync(maxItems, cancellationToken, reportTotal);
        }

        private async IAsyncEnumerable<ManagedSession> ListAsync(long? maxItems, [EnumeratorCancellation] CancellationToken cancellationToken, Action<long>? reportTotal = null)
        {
            List<ManagedSession> sessions;
            using (JsonDocument? document = await SendJsonAsync(() => new HttpRequestMessage(HttpMethod.Get, _transport.Resolve(Routes.Sessions)), cancellationToken, NotFoundIsEmpty).ConfigureAwait(false))
            {
                if (document == null)
                {
                    Log.Verbose("Aikynetix: the server answered 404 (no sessions found): nothing to return.");
                    reportTotal?.Invoke(0);
                    yield break;
                }
                sessions = AikynetixMapper.Sessions(document.RootElement);
            }
            Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Aikynetix: {0} session(s) in the list.", sessions.Count));
            reportTotal?.Invoke(sessions.Count);
            long returned = 0;
            foreach (ManagedSession session in sessions)
            {
                yield return session;
                returned++;
                if (maxItems != null && returned >= maxItems.Value) yield break;
            }
        }

        /// <summary>
        /// GET filter/: sessions matching the filter, paged with start_after_id and the same limit on every page
        /// until a page is short, empty or adds nothing new. The docs say start_after_id is ignored when filters
        /// are set; when that cuts a filtered listing short of query_count, the rest is fetched in one request.
        /// </summary>
        /// <remarks><paramref name="reportTotal"/>, when given, hears query_count (when the API sends it) before the first session is yielded.</remarks>
        public IAsyncEnumerable<ManagedSession> FindSessionsAsync(AikynetixSessionFilter filter, PagingOptions paging, CancellationToken cancellationToken, Action<long>? reportTotal = null)
        {
            if (filter == null) throw new ArgumentNullException(nameof(filter));
            if (paging.PageSize < 1 || paging.PageSize > MaxPageSize)
            {
                throw SportsDataException.InvalidArgument("PageSize", $"PageSize {paging.PageSize} is out of range: use 1 to {MaxPageSize} (the API's default is {DefaultPageSize}).");
            }
            RequireCap(paging.MaxItems);
            string filterQuery = QueryText(filter.ToQuery(Routes).ToList());
            return FindAsync(filterQuery, !filter.IsEmpty, paging, cancellationToken, reportTotal);
        }

        private async IAsyncEnumerable<ManagedSession> FindAsync(string filterQuery, bool filtered, PagingOptions paging, [EnumeratorCancellation] CancellationToken cancellationToken, Action<long>? reportTotal)
        {
            int limit = paging.EffectivePageSize;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long returned = 0;
            long? queryCount = null;
            string? startAfter = null;
            for (int page = 1; ; page++)
            {
                string query = Join(filterQuery, "limit=" + limit.ToString(CultureInfo.InvariantCulture));
                if (startAfter != null) query = Join(query, "start_after_id=" + Uri.EscapeDataString(startAfter));
                AikynetixFilterPage result = await GetFilterPageAsync(query, cancellationToken).ConfigureAwait(false);
                if (page == 1) reportTotal?.Invoke(result.QueryCount ?? result.Sessions.Count);
                queryCount = result.QueryCount ?? queryCount;
                var fresh = result.Sessions.Where(s => seen.Add(s.SessionId)).ToList();
                Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Aikynetix: filtered sessions page {0}: {1} session(s), {2} new.", page, result.Sessions.Count, fresh.Count));
                Log.Progress("Aikynetix: sessions", "page " + page, returned + fresh.Count, Total(queryCount, paging.MaxItems));
                foreach (ManagedSession session in fresh)
                {
                    yield return session;
                    if (++returned >= (paging.MaxItems ?? long.MaxValue)) yield break;
                }
                if (fresh.Count == 0 && result.Sessions.Count >= limit && queryCount == null)
                {
                    Log.Warning("AiKYNETIX returned the same sessions again (it ignores start_after_id when filters are set) and no query_count, so further matches may be missing. Raise -PageSize above the number of matches.");
                }
                bool moreExpected = queryCount != null && seen.Count < queryCount.Value; // a server-side cap on limit makes pages short early
                if (result.Sessions.Count == 0 || fresh.Count == 0 || (result.Sessions.Count < limit && !moreExpected)) break;
                string? next = result.LastId ?? result.Sessions[result.Sessions.Count - 1].SessionId;
                if (next == null || next == startAfter) break;
                startAfter = next;
            }

            if (filtered && queryCount != null && seen.Count < queryCount.Value)
            {
                // The server ignored start_after_id because filters are set: ask for every match at once.
                long wanted = paging.MaxItems != null ? Math.Min(queryCount.Value, paging.MaxItems.Value) : queryCount.Value;
                Log.Verbose(string.Format(CultureInfo.InvariantCulture,
                    "Aikynetix: {0} of {1} matching sessions after paging (the API ignores start_after_id when filters are set); fetching the matches in one request with limit={2}.",
                    seen.Count, queryCount.Value, wanted));
                AikynetixFilterPage all = await GetFilterPageAsync(Join(filterQuery, "limit=" + wanted.ToString(CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
                foreach (ManagedSession session in all.Sessions)
                {
                    if (!seen.Add(session.SessionId)) continue;
                    yield return session;
                    if (++returned >= (paging.MaxItems ?? long.MaxValue)) yield break;
                }
            }
            if (queryCount != null && seen.Count < queryCount.Value && (paging.MaxItems == null || returned < paging.MaxItems.Value))
            {
                Log.Warning(string.Format(CultureInfo.InvariantCulture,
                    "AiKYNETIX reported {0} matching sessions but returned {1}. Try a larger -PageSize, or narrower filters (e.g. a date range).", queryCount.Value, seen.Count));
            }
        }

        private static long? Total(long? queryCount, long? cap) =>
            queryCount == null ? cap : cap == null ? queryCount : Math.Min(queryCount.Value, cap.Value);

        private async Task<AikynetixFilterPage> GetFilterPageAsync(string query, CancellationToken cancellationToken)
        {
            using JsonDocument? document = await SendJsonAsync(() => new HttpRequestMessage(HttpMethod.Get, _transport.Resolve(Routes.Filter + "?" + query)), cancellationToken, NotFoundIsEmpty).ConfigureAwait(false);
            return document == null ? new AikynetixFilterPage(new List<ManagedSession>(), null, 0) : AikynetixMapper.FilterPage(document.RootElement);
        }

        /// <summary>POST fetch/ {"session_ids": [...]} in batches (admin only). Ids the API does not return are left out.</summary>
        public async IAsyncEnumerable<ManagedSession> GetSessionsByIdAsync(IReadOnlyList<string> sessionIds, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (string id in sessionIds) RequireId(id);
            int batchSize = Math.Max(1, Routes.FetchByIdsBatchSize);
            for (int offset = 0; offset < sessionIds.Count; offset += batchSize)
            {
                string[] batch = sessionIds.Skip(offset).Take(batchSize).ToArray();
                byte[] body = JsonBody(w =>
                {
                    w.WriteStartArray(Routes.FetchByIdsField);
                    foreach (string id in batch) w.WriteStringValue(id);
                    w.WriteEndArray();
                });
                List<ManagedSession> sessions;
                using (JsonDocument? document = await SendJsonAsync(() => JsonRequest(HttpMethod.Post, Routes.FetchByIds, body), cancellationToken, null, _errors.Fetch, safeToRepeat: true).ConfigureAwait(false)) // a read
                {
                    sessions = AikynetixMapper.Sessions(document!.RootElement);
                }
                foreach (ManagedSession session in sessions) yield return session;
            }
        }

        /// <summary>
        /// One session, for re-reading after an update: the admin fetch when allowed, otherwise a scan of the user's
        /// session list. Null when the session is not found.
        /// </summary>
        public async Task<ManagedSession?> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
        {
            RequireId(sessionId);
            try
            {
                await foreach (ManagedSession session in GetSessionsByIdAsync(new[] { sessionId }, cancellationToken).ConfigureAwait(false))
                {
                    if (session.SessionId == sessionId) return session;
                }
            }
            catch (SportsDataException ex) when (ex.ErrorId == ErrorIds.Aikynetix.NotAdmin || ex.ErrorId == ErrorIds.Aikynetix.FetchEndpointNotFound)
            {
                Log.Verbose("Aikynetix: fetch by id is not available to this account; looking the session up in the session list.");
            }
            await foreach (ManagedSession session in ListAsync(null, cancellationToken).ConfigureAwait(false))
            {
                if (session.SessionId == sessionId) return session;
            }
            return null;
        }

        /// <summary>PUT sessions/{id}: a new title and/or timestamp (sent as YYYY-MM-DD HH:MM:SS).</summary>
        public async Task<string?> UpdateSessionAsync(string sessionId, string? title, DateTime? timestamp, CancellationToken cancellationToken)
        {
            RequireId(sessionId);
            if (title == null && timestamp == null) throw SportsDataException.InvalidArgument("Title", "Give -Title, -Timestamp or both: there is nothing to change.");
            if (title != null && title.Trim().Length == 0) throw SportsDataException.InvalidArgument("Title", "-Title is empty. Give the new title, or leave -Title out to keep the current one.");
            byte[] body = JsonBody(w =>
            {
                if (title != null) w.WriteString("title", title);
                if (timestamp != null) w.WriteString("created_at", AikynetixMapper.Timestamp(timestamp.Value));
            });
            return await SendAsync(() => JsonRequest(HttpMethod.Put, Routes.SessionPath(sessionId), body), AikynetixMapper.SuccessMessage, cancellationToken, null, ex => AikynetixErrors.Session(ex, sessionId, "update")).ConfigureAwait(false);
        }

        /// <summary>DELETE sessions/{id}: the session and its videos, reports and sub-collections.</summary>
        public async Task<string?> DeleteSessionAsync(string sessionId, CancellationToken cancellationToken)
        {
            RequireId(sessionId);
            return await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, _transport.Resolve(Routes.SessionPath(sessionId))), AikynetixMapper.SuccessMessage, cancellationToken, null, ex => AikynetixErrors.Session(ex, sessionId, "delete")).ConfigureAwait(false);
        }

        /// <summary>GET analyzed-video/: the analyzed video URL (the API creates it when missing).</summary>
        public async Task<ManagedSessionVideo> GetAnalyzedVideoAsync(string sessionId, bool isJump, bool isWeight, bool download, CancellationToken cancellationToken)
        {
            RequireId(sessionId);
            var query = new List<string>();
            if (isJump) query.Add("is_jump=true");
            if (isWeight) query.Add("is_weight=true");
            if (download) query.Add("download=true");
            string path = Routes.AnalyzedVideoPath(sessionId) + (query.Count > 0 ? "?" + string.Join("&", query) : string.Empty);
            using JsonDocument? document = await SendJsonAsync(() => new HttpRequestMessage(HttpMethod.Get, _transport.Resolve(path)), cancellationToken, null, ex => AikynetixErrors.Video(ex, sessionId)).ConfigureAwait(false);
            return AikynetixMapper.Video(document!, sessionId, isJump, isWeight, download);
        }

        /// <summary>POST analyzed-video/: asks the API to generate (or regenerate) the analyzed video.</summary>
        public async Task<ManagedSessionVideo> RequestAnalyzedVideoAsync(string sessionId, bool isJump, bool isWeight, CancellationToken cancellationToken)
        {
            RequireId(sessionId);
            byte[] body = JsonBody(w =>
            {
                w.WriteBoolean("is_jump", isJump);
                w.WriteBoolean("is_weight", isWeight);
            });
            // Not repeated for a cut body either: the server has started the generation (AikynetixApi.InvalidResponse says so).
            using JsonDocument? document = await SendJsonAsync(() => JsonRequest(HttpMethod.Post, Routes.AnalyzedVideoPath(sessionId), body), cancellationToken, null, ex => AikynetixErrors.Video(ex, sessionId)).ConfigureAwait(false);
            return AikynetixMapper.Video(document!, sessionId, isJump, isWeight, false);
        }

        /// <summary>Downloads a video URL to a file with progress; the file appears only when complete.</summary>
        public Task<long> DownloadAsync(string sessionId, string url, string path, bool overwrite, CancellationToken cancellationToken) =>
            _downloader.DownloadAsync(sessionId, url, path, overwrite, cancellationToken);

        /// <summary>Downloads a video URL into a stream the caller commits (retried attempts start over on the emptied stream).</summary>
        internal Task<long> DownloadToAsync(string sessionId, string url, Stream target, CancellationToken cancellationToken) =>
            _downloader.DownloadToAsync(sessionId, url, target, cancellationToken);

        /// <summary>
        /// Sends a request whose answer is a JSON object, parsed inside the transport's retry policy (a body cut short or
        /// not JSON is fetched again, then reported as AikynetixApi.InvalidResponse). Null for an accepted 404.
        /// </summary>
        private Task<JsonDocument?> SendJsonAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken,
            Func<HttpStatusCode, bool>? acceptStatus, Func<ApiException, Exception?>? translate = null, bool safeToRepeat = false) =>
            SendAsync(request, (response, body) => response.StatusCode == HttpStatusCode.NotFound ? null : AikynetixMapper.ParseObject(body), cancellationToken, acceptStatus, translate, safeToRepeat);

        private async Task<T> SendAsync<T>(Func<HttpRequestMessage> request, ResponseReader<T> read, CancellationToken cancellationToken,
            Func<HttpStatusCode, bool>? acceptStatus, Func<ApiException, Exception?>? translate = null, bool safeToRepeat = false)
        {
            try
            {
                return await _transport.SendAsync(request, read, cancellationToken, acceptStatus, safeToRepeat).ConfigureAwait(false);
            }
            catch (ApiException ex)
            {
                Exception? specific = translate?.Invoke(ex);
                if (specific != null) throw specific;
                if (ex.StatusCode == HttpStatusCode.Unauthorized || AikynetixErrors.IsTokenRejection(ex)) throw _errors.Unauthorized(ex);
                throw;
            }
        }

        private static bool NotFoundIsEmpty(HttpStatusCode status) => status == HttpStatusCode.NotFound;

        private HttpRequestMessage JsonRequest(HttpMethod method, string path, byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return new HttpRequestMessage(method, _transport.Resolve(path)) { Content = content };
        }

        private static byte[] JsonBody(Action<Utf8JsonWriter> writeFields)
        {
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writeFields(writer);
                writer.WriteEndObject();
            }
            return buffer.ToArray();
        }

        private static string QueryText(IEnumerable<KeyValuePair<string, string>> pairs) =>
            string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

        private static string Join(string query, string part) => string.IsNullOrEmpty(query) ? part : query + "&" + part;

        private static void RequireId(string sessionId)
        {
            if (string.IsNullOrWhiteSpace(sessionId)) throw SportsDataException.InvalidArgument("SessionId", "-SessionId is empty. Give a session id (the SessionId of Get-ManagedSession output).");
        }

        private static void RequireCap(long? maxItems)
        {
            if (maxItems != null && maxItems.Value < 1) throw SportsDataException.InvalidArgument("First", $"The item cap {maxItems} must be at least 1.");
        }
    }
}
