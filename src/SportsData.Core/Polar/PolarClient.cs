using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Http;
using SportsData.Json;

namespace SportsData.Polar
{
    /// <summary>The Polar Team Pro v1.1.0 endpoints, paged and mapped. All listings stream page by page.</summary>
    public sealed class PolarClient
    {
        public const int MaxPageSize = 100;
        private readonly ApiTransport _transport;

        public PolarClient(ApiTransport transport)
        {
            _transport = transport;
        }

        public ApiTransport Transport => _transport;

        public IAsyncEnumerable<PolarTeam> GetTeamsAsync(PagingOptions paging, CancellationToken cancellationToken) =>
            PagedAsync("v1/teams", null, paging, "teams", PolarMapper.Team, cancellationToken);

        public async Task<PolarTeamDetails> GetTeamAsync(string teamId, CancellationToken cancellationToken)
        {
            RequireId(teamId, "TeamId");
            return await GetJsonAsync("v1/teams/" + Escape(teamId), root => PolarMapper.TeamDetails(new JsonRecord(Details(root))), cancellationToken).ConfigureAwait(false);
        }

        public async Task<PolarSportProfile[]> GetSportProfilesAsync(string teamId, CancellationToken cancellationToken)
        {
            RequireId(teamId, "TeamId");
            return await GetJsonAsync("v1/teams/" + Escape(teamId) + "/sport-profiles", root =>
            {
                JsonElement data = List(root);
                if (data.ValueKind != JsonValueKind.Array) return Array.Empty<PolarSportProfile>();
                return data.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => PolarMapper.SportProfile(new JsonRecord(e), teamId)).ToArray();
            }, cancellationToken).ConfigureAwait(false);
        }

        public IAsyncEnumerable<PolarTeamSession> GetTeamSessionsAsync(string teamId, DateTime? since, DateTime? until, PagingOptions paging, CancellationToken cancellationToken)
        {
            RequireId(teamId, "TeamId");
            RequireRange(since, until);
            return PagedAsync("v1/teams/" + Escape(teamId) + "/training_sessions", RangeQuery(since, until), paging, "team sessions", PolarMapper.TeamSession, cancellationToken);
        }

        public async Task<PolarTeamSessionDetails> GetTeamSessionAsync(string teamSessionId, CancellationToken cancellationToken)
        {
            RequireId(teamSessionId, "TeamSessionId");
            return await GetJsonAsync("v1/teams/training_sessions/" + Escape(teamSessionId), root => PolarMapper.TeamSessionDetails(new JsonRecord(Details(root))), cancellationToken).ConfigureAwait(false);
        }

        public IAsyncEnumerable<PolarPlayerSession> GetPlayerSessionsAsync(string playerId, DateTime? since, DateTime? until, string? type, PagingOptions paging, CancellationToken cancellationToken)
        {
            RequireId(playerId, "PlayerId");
            RequireRange(since, until);
            string query = RangeQuery(since, until);
            if (!string.IsNullOrEmpty(type))
            {
                string upper = type!.ToUpperInvariant();
                if (upper != "ALL" && upper != "TEAM" && upper != "INDIVIDUAL")
                {
                    throw SportsDataException.InvalidArgument("Type", $"'{type}' is not a session type. Use ALL, TEAM or INDIVIDUAL.");
                }
                query = Append(query, "type=" + upper);
            }
            return PagedAsync("v1/players/" + Escape(playerId) + "/training_sessions", query, paging, "player sessions", r => PolarMapper.PlayerSession(r, playerId), cancellationToken);
        }

        /// <summary>One player session in detail; with <paramref name="samples"/> the sample rows are attached.</summary>
        public async Task<PolarPlayerSessionDetails> GetPlayerSessionAsync(string playerSessionId, PolarSampleType samples, string? playerId, string? teamSessionId, CancellationToken cancellationToken)
        {
            RequireId(playerSessionId, "PlayerSessionId");
            string path = "v1/training_sessions/" + Escape(playerSessionId) + SamplesQuery(samples);
            return await _transport.GetAsync(path, (response, body) =>
            {
                PolarPlayerSessionDetails details;
                using (JsonDocument document = ParseDocument(body))
                {
                    details = PolarMapper.PlayerSessionDetails(new JsonRecord(Details(document.RootElement)), playerId);
                }
                if (samples != PolarSampleType.None)
                {
                    details.Samples = ReadAllSamples(body, playerSessionId, playerId, teamSessionId).ToArray();
                }
                return details;
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Sample rows of one player session, yielded in batches. The whole response is read and checked before the
        /// first batch (a body that is cut short or does not parse is retried, and otherwise fails before any row is
        /// yielded), so a session's rows come out whole or not at all. One player session is held at a time.
        /// </summary>
        public async IAsyncEnumerable<IReadOnlyList<PolarSample>> GetSamplesAsync(string playerSessionId, PolarSampleType types, string? playerId, string? teamSessionId,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            RequireId(playerSessionId, "PlayerSessionId");
            if (types == PolarSampleType.None) types = PolarSampleType.All;
            string path = "v1/training_sessions/" + Escape(playerSessionId) + SamplesQuery(types);
            List<PolarSample> rows = await _transport.GetAsync(path, (response, body) => ReadAllSamples(body, playerSessionId, playerId, teamSessionId), cancellationToken).ConfigureAwait(false);
            const int BatchSize = 2048;
            for (int start = 0; start < rows.Count; start += BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return rows.GetRange(start, Math.Min(BatchSize, rows.Count - start));
            }
        }

        /// <summary>Every sample row of one response body; throws (InvalidData, JsonException) if any part of the body is unreadable.</summary>
        private static List<PolarSample> ReadAllSamples(ArraySegment<byte> body, string playerSessionId, string? playerId, string? teamSessionId)
        {
            byte[] bytes = body.Offset == 0 ? body.Array! : body.ToArray();
            PolarSampleReader reader = PolarSampleReader.Open(bytes, body.Count, playerSessionId, playerId, teamSessionId);
            var rows = new List<PolarSample>();
            while (reader.ReadBatch(rows, 4096) > 0) { }
            return rows;
        }

        /// <summary>
        /// The raw JSON body of one player session with the requested samples (GET v1/training_sessions/{id}?samples=...),
        /// read completely and checked the way the sample writer and Get-PolarSample read it, so a cut or broken body
        /// is retried like a dropped connection and in the end fails (PolarApi.InvalidResponse, FailureKind.InvalidData)
        /// instead of reaching a file. One request serves both the session's details and its samples.
        /// </summary>
        public Task<byte[]> GetPlayerSessionBodyAsync(string playerSessionId, PolarSampleType types, CancellationToken cancellationToken) =>
            ReadPlayerSessionBodyAsync(playerSessionId, types, (body, length) =>
            {
                PolarSampleLayout.Validate(body, length);
                var exact = new byte[length]; // the response's buffer is pooled: the caller gets its own copy
                Buffer.BlockCopy(body, 0, exact, 0, length);
                return exact;
            }, cancellationToken);

        /// <summary>
        /// Fetches one player session body with the requested samples and hands it to <paramref name="read"/> inside the
        /// retry policy: when <paramref name="read"/> throws InvalidData (the sample writer's Encode, PolarSampleLayout
        /// checks) the body is fetched again like a dropped connection. The buffer is rented from a pool
        /// and given back when <paramref name="read"/> returns: bytes [0, length) are the body; the result must not keep it.
        /// </summary>
        public Task<T> ReadPlayerSessionBodyAsync<T>(string playerSessionId, PolarSampleType types, Func<byte[], int, T> read, CancellationToken cancellationToken)
        {
            RequireId(playerSessionId, "PlayerSessionId");
            string path = "v1/training_sessions/" + Escape(playerSessionId) + SamplesQuery(types);
            return _transport.GetPooledAsync(path, (response, body) => read(body.Array!, body.Count), cancellationToken);
        }

        /// <summary>A body from <see cref="GetPlayerSessionBodyAsync"/> read as Get-PolarSample rows, in batches.</summary>
        public static IEnumerable<List<PolarSample>> ReadSamples(byte[] body, int length, string playerSessionId, string? playerId, string? teamSessionId, int batchSize = 2048)
        {
            PolarSampleReader reader = PolarSampleReader.Open(body, length, playerSessionId, playerId, teamSessionId);
            while (true)
            {
                var batch = new List<PolarSample>(batchSize);
                if (reader.ReadBatch(batch, batchSize) == 0) yield break;
                yield return batch;
            }
        }

        /// <summary>The details of a player session from a body <see cref="GetPlayerSessionBodyAsync"/> returned (samples ignored).</summary>
        internal static PolarPlayerSessionDetails PlayerSessionDetailsFromBody(byte[] body, string? playerId)
        {
            using JsonDocument document = ParseDocument(new ArraySegment<byte>(body));
            return PolarMapper.PlayerSessionDetails(new JsonRecord(Details(document.RootElement)), playerId);
        }

        public async Task<PolarRRInterval[]> GetRRIntervalsAsync(string playerSessionId, string? playerId, string? teamSessionId, CancellationToken cancellationToken)
        {
            RequireId(playerSessionId, "PlayerSessionId");
            return await GetJsonAsync("v1/training_sessions/" + Escape(playerSessionId) + "?samples=rr", root =>
            {
                JsonElement data = Details(root);
                if (!data.TryGetProperty("rr_intervals", out JsonElement rr) || rr.ValueKind != JsonValueKind.Array) return Array.Empty<PolarRRInterval>();
                var result = new List<PolarRRInterval>(rr.GetArrayLength());
                TimeSpan elapsed = TimeSpan.Zero;
                int index = 0;
                foreach (JsonElement value in rr.EnumerateArray())
                {
                    int? interval = value.ValueKind == JsonValueKind.Number ? (int?)Math.Round(value.GetDouble()) : null;
                    result.Add(new PolarRRInterval { PlayerSessionId = playerSessionId, PlayerId = playerId, TeamSessionId = teamSessionId, Index = index++, IntervalMs = interval, Elapsed = elapsed });
                    if (interval != null) elapsed += TimeSpan.FromMilliseconds(interval.Value);
                }
                return result.ToArray();
            }, cancellationToken).ConfigureAwait(false);
        }

        public async Task<PolarSessionSummary> GetSessionSummaryAsync(string playerSessionId, string? playerId, string? teamSessionId, CancellationToken cancellationToken)
        {
            RequireId(playerSessionId, "PlayerSessionId");
            return await GetJsonAsync("v1/training_sessions/" + Escape(playerSessionId) + "/session_summary",
                root => PolarMapper.Summary(new JsonRecord(Details(root)), playerSessionId, playerId, teamSessionId), cancellationToken).ConfigureAwait(false);
        }

        public async Task<PolarSessionSummary[]> GetPhaseSummariesAsync(string playerSessionId, string? playerId, string? teamSessionId, CancellationToken cancellationToken)
        {
            RequireId(playerSessionId, "PlayerSessionId");
            return await GetJsonAsync("v1/training_sessions/" + Escape(playerSessionId) + "/phase_summaries", root =>
            {
                JsonElement data = List(root);
                if (data.ValueKind != JsonValueKind.Array) return Array.Empty<PolarSessionSummary>();
                return data.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
                    .Select(e => PolarMapper.Summary(new JsonRecord(e), playerSessionId, playerId, teamSessionId)).ToArray();
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Walks page=0,1,2... with the same per_page on every page, stopping at the last page or the cap.</summary>
        private async IAsyncEnumerable<T> PagedAsync<T>(string path, string? query, PagingOptions paging, string what, Func<JsonRecord, T> map,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (paging.PageSize < 1 || paging.PageSize > MaxPageSize)
            {
                throw SportsDataException.InvalidArgument("PageSize", $"PageSize {paging.PageSize} is out of range: Polar accepts 1 to {MaxPageSize} items per page.");
            }
            if (paging.MaxItems != null && paging.MaxItems.Value < 1)
            {
                throw SportsDataException.InvalidArgument("First", $"The item cap {paging.MaxItems} must be at least 1.");
            }
            int perPage = paging.EffectivePageSize;
            long returned = 0;
            int? totalPages = null;
            for (int page = 0; totalPages == null || page < totalPages; page++)
            {
                string pageQuery = Append(query ?? string.Empty, "page=" + page.ToString(CultureInfo.InvariantCulture) + "&per_page=" + perPage.ToString(CultureInfo.InvariantCulture));
                (List<T> items, PageInfo? info) = await GetJsonAsync(path + "?" + pageQuery, root =>
                {
                    var mapped = new List<T>();
                    if (root.ValueKind != JsonValueKind.Object) throw new JsonException("a listing page is not a JSON object");
                    if (root.TryGetProperty("data", out JsonElement data))
                    {
                        if (data.ValueKind != JsonValueKind.Array && data.ValueKind != JsonValueKind.Null) throw new JsonException("the listing's \"data\" is not an array");
                        if (data.ValueKind == JsonValueKind.Array)
                        {
                            foreach (JsonElement element in data.EnumerateArray())
                            {
                                if (element.ValueKind == JsonValueKind.Object) mapped.Add(map(new JsonRecord(element)));
                            }
                        }
                    }
                    PageInfo? pageInfo = root.TryGetProperty("page", out JsonElement pageElement) && pageElement.ValueKind == JsonValueKind.Object
                        ? pageElement.Deserialize(CoreJsonContext.Default.PageInfo)
                        : null;
                    return (mapped, pageInfo);
                }, cancellationToken).ConfigureAwait(false);
                long? totalElements = info?.TotalElements;
                totalPages = info?.TotalPages;
                if (totalPages == null) totalPages = items.Count < perPage ? page + 1 : page + 2; // no page info: stop at a short page
                long? total = totalElements;
                if (paging.MaxItems != null && (total == null || total > paging.MaxItems)) total = paging.MaxItems;
                _transport.Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Polar: {0} page {1} of {2}: {3} item(s).", what, page + 1, Math.Max(totalPages.Value, 1), items.Count));
                _transport.Log.Progress("Polar: " + what, "page " + (page + 1) + " of " + Math.Max(totalPages.Value, 1), returned + items.Count, total);
                if (page == 0 && totalElements != null) paging.ReportTotal?.Invoke(totalElements.Value);
                if (items.Count == 0) yield break;
                foreach (T item in items)
                {
                    yield return item;
                    returned++;
                    if (paging.MaxItems != null && returned >= paging.MaxItems.Value) yield break;
                }
            }
        }

        /// <summary>
        /// GETs a path and maps its JSON inside the transport's retry policy: a body that is cut short, not JSON or not
        /// the expected shape is retried like a dropped connection, then reported as PolarApi.InvalidResponse.
        /// </summary>
        private Task<T> GetJsonAsync<T>(string path, Func<JsonElement, T> map, CancellationToken cancellationToken) =>
            _transport.GetAsync(path, (response, body) =>
            {
                using JsonDocument document = ParseDocument(body);
                return map(document.RootElement);
            }, cancellationToken);

        private static JsonDocument ParseDocument(ArraySegment<byte> body)
        {
            if (body.Count == 0) return JsonDocument.Parse("{}"); // 204 or an empty 200: nothing to list
            return JsonDocument.Parse(body.AsMemory());
        }

        /// <summary>The documented {"data": {...}} of a single item (or the item at the top level); anything but an object is invalid.</summary>
        private static JsonElement Details(JsonElement root)
        {
            JsonElement data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out JsonElement inner) ? inner : root;
            if (data.ValueKind != JsonValueKind.Object) throw new JsonException("the response's data is not a JSON object");
            return data;
        }

        /// <summary>The documented {"data": [...]} of a list (or the list at the top level).</summary>
        private static JsonElement List(JsonElement root)
        {
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out JsonElement data)) return data;
            if (root.ValueKind != JsonValueKind.Object && root.ValueKind != JsonValueKind.Array) throw new JsonException("the response is neither a JSON object nor a list");
            return root;
        }

        private static string SamplesQuery(PolarSampleType types)
        {
            if (types == PolarSampleType.None) return string.Empty;
            if ((types & PolarSampleType.All) == PolarSampleType.All) return "?samples=all";
            var names = new List<string>();
            if (types.HasFlag(PolarSampleType.Distance)) names.Add("distance");
            if (types.HasFlag(PolarSampleType.Location)) names.Add("location");
            if (types.HasFlag(PolarSampleType.HR)) names.Add("hr");
            if (types.HasFlag(PolarSampleType.Speed)) names.Add("speed");
            if (types.HasFlag(PolarSampleType.Cadence)) names.Add("cadence");
            if (types.HasFlag(PolarSampleType.Altitude)) names.Add("altitude");
            if (types.HasFlag(PolarSampleType.ForwardAcceleration)) names.Add("forward_acceleration");
            if (types.HasFlag(PolarSampleType.RR)) names.Add("rr");
            if (types.HasFlag(PolarSampleType.Power)) return "?samples=all"; // power has no selector of its own: only "all" brings it
            return "?samples=" + string.Join(",", names);
        }

        /// <summary>since/until are compared with local record times, so they go out as local wall-clock time without offset.</summary>
        internal static string RangeQuery(DateTime? since, DateTime? until)
        {
            string query = string.Empty;
            if (since != null) query = Append(query, "since=" + Uri.EscapeDataString(WallClock(since.Value)));
            if (until != null) query = Append(query, "until=" + Uri.EscapeDataString(WallClock(until.Value)));
            return query;
        }

        private static string WallClock(DateTime value)
        {
            if (value.Kind == DateTimeKind.Utc) value = value.ToLocalTime();
            return value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }

        private static void RequireRange(DateTime? since, DateTime? until)
        {
            if (since != null && until != null && since.Value >= until.Value)
            {
                throw SportsDataException.InvalidArgument("Until", $"-Until ({until:s}) must be later than -Since ({since:s}).");
            }
        }

        private static void RequireId(string id, string parameterName)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw SportsDataException.InvalidArgument(parameterName, $"-{parameterName} is empty. Pass an id, or pipe in objects that have a {parameterName} property.");
            }
        }

        private static string Append(string query, string part) => string.IsNullOrEmpty(query) ? part : query + "&" + part;

        private static string Escape(string id) => Uri.EscapeDataString(id.Trim());
    }
}
