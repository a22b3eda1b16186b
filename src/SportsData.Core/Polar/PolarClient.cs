using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
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
            using JsonDocument document = await GetJsonAsync("v1/teams/" + Escape(teamId), cancellationToken).ConfigureAwait(false);
            return PolarMapper.TeamDetails(new JsonRecord(Data(document.RootElement)));
        }

        public async Task<PolarSportProfile[]> GetSportProfilesAsync(string teamId, CancellationToken cancellationToken)
        {
            RequireId(teamId, "TeamId");
            using JsonDocument document = await GetJsonAsync("v1/teams/" + Escape(teamId) + "/sport-profiles", cancellationToken).ConfigureAwait(false);
            JsonElement data = Data(document.RootElement);
            if (data.ValueKind != JsonValueKind.Array) return Array.Empty<PolarSportProfile>();
            return data.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => PolarMapper.SportProfile(new JsonRecord(e), teamId)).ToArray();
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
            using JsonDocument document = await GetJsonAsync("v1/teams/training_sessions/" + Escape(teamSessionId), cancellationToken).ConfigureAwait(false);
            return PolarMapper.TeamSessionDetails(new JsonRecord(Data(document.RootElement)));
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
            using HttpResponseMessage response = await _transport.GetAsync(path, cancellationToken).ConfigureAwait(false);
            byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            PolarPlayerSessionDetails details;
            using (JsonDocument document = ParseDocument(body))
            {
                details = PolarMapper.PlayerSessionDetails(new JsonRecord(Data(document.RootElement)), playerId);
            }
            if (samples != PolarSampleType.None)
            {
                PolarSampleReader reader = PolarSampleReader.Open(body, body.Length, playerSessionId, playerId, teamSessionId);
                var rows = new List<PolarSample>();
                while (reader.ReadBatch(rows, 4096) > 0) { }
                details.Samples = rows.ToArray();
            }
            return details;
        }

        /// <summary>
        /// Sample rows of one player session, yielded in batches as they are parsed from the response.
        /// One response (one player session) is held at a time; the caller writes rows out as they come.
        /// </summary>
        public async IAsyncEnumerable<IReadOnlyList<PolarSample>> GetSamplesAsync(string playerSessionId, PolarSampleType types, string? playerId, string? teamSessionId,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            RequireId(playerSessionId, "PlayerSessionId");
            if (types == PolarSampleType.None) types = PolarSampleType.All;
            string path = "v1/training_sessions/" + Escape(playerSessionId) + SamplesQuery(types);
            byte[] body;
            using (HttpResponseMessage response = await _transport.GetAsync(path, cancellationToken).ConfigureAwait(false))
            {
                body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }
            PolarSampleReader reader = PolarSampleReader.Open(body, body.Length, playerSessionId, playerId, teamSessionId);
            var batch = new List<PolarSample>(2048);
            while (reader.ReadBatch(batch, 2048) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return batch;
                batch = new List<PolarSample>(2048);
            }
        }

        /// <summary>
        /// The raw JSON body of one player session with the requested samples (GET v1/training_sessions/{id}?samples=...),
        /// read completely and checked the way the sample writer and Get-PolarSample read it, so a cut or broken body
        /// fails here (PolarApi.InvalidResponse / PolarApi.InvalidSamples, FailureKind.InvalidData) instead of in a file.
        /// One request serves both the session's details and its samples.
        /// </summary>
        public async Task<byte[]> GetPlayerSessionBodyAsync(string playerSessionId, PolarSampleType types, CancellationToken cancellationToken)
        {
            RequireId(playerSessionId, "PlayerSessionId");
            string path = "v1/training_sessions/" + Escape(playerSessionId) + SamplesQuery(types);
            byte[] body;
            using (HttpResponseMessage response = await _transport.GetAsync(path, cancellationToken).ConfigureAwait(false))
            {
                body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }
            PolarSampleLayout.Validate(body, body.Length);
            return body;
        }

        /// <summary>The details of a player session from a body <see cref="GetPlayerSessionBodyAsync"/> returned (samples ignored).</summary>
        internal static PolarPlayerSessionDetails PlayerSessionDetailsFromBody(byte[] body, string? playerId)
        {
            using JsonDocument document = ParseDocument(body);
            return PolarMapper.PlayerSessionDetails(new JsonRecord(Data(document.RootElement)), playerId);
        }

        public async Task<PolarRRInterval[]> GetRRIntervalsAsync(string playerSessionId, string? playerId, string? teamSessionId, CancellationToken cancellationToken)
        {
            RequireId(playerSessionId, "PlayerSessionId");
            using JsonDocument document = await GetJsonAsync("v1/training_sessions/" + Escape(playerSessionId) + "?samples=rr", cancellationToken).ConfigureAwait(false);
            JsonElement data = Data(document.RootElement);
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
        }

        public async Task<PolarSessionSummary> GetSessionSummaryAsync(string playerSessionId, string? playerId, string? teamSessionId, CancellationToken cancellationToken)
        {
            RequireId(playerSessionId, "PlayerSessionId");
            using JsonDocument document = await GetJsonAsync("v1/training_sessions/" + Escape(playerSessionId) + "/session_summary", cancellationToken).ConfigureAwait(false);
            return PolarMapper.Summary(new JsonRecord(Data(document.RootElement)), playerSessionId, playerId, teamSessionId);
        }

        public async Task<PolarSessionSummary[]> GetPhaseSummariesAsync(string playerSessionId, string? playerId, string? teamSessionId, CancellationToken cancellationToken)
        {
            RequireId(playerSessionId, "PlayerSessionId");
            using JsonDocument document = await GetJsonAsync("v1/training_sessions/" + Escape(playerSessionId) + "/phase_summaries", cancellationToken).ConfigureAwait(false);
            JsonElement data = Data(document.RootElement);
            if (data.ValueKind != JsonValueKind.Array) return Array.Empty<PolarSessionSummary>();
            return data.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
                .Select(e => PolarMapper.Summary(new JsonRecord(e), playerSessionId, playerId, teamSessionId)).ToArray();
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
                List<T> items;
                using (JsonDocument document = await GetJsonAsync(path + "?" + pageQuery, cancellationToken).ConfigureAwait(false))
                {
                    JsonElement root = document.RootElement;
                    items = new List<T>();
                    if (root.TryGetProperty("data", out JsonElement data) && data.ValueKind == JsonValueKind.Array)
                    {
                        foreach (JsonElement element in data.EnumerateArray())
                        {
                            if (element.ValueKind == JsonValueKind.Object) items.Add(map(new JsonRecord(element)));
                        }
                    }
                    long? totalElements = null;
                    if (root.TryGetProperty("page", out JsonElement pageElement) && pageElement.ValueKind == JsonValueKind.Object)
                    {
                        PageInfo? info = pageElement.Deserialize(CoreJsonContext.Default.PageInfo);
                        totalPages = info?.TotalPages;
                        totalElements = info?.TotalElements;
                    }
                    if (totalPages == null) totalPages = items.Count < perPage ? page + 1 : page + 2; // no page info: stop at a short page
                    long? total = totalElements;
                    if (paging.MaxItems != null && (total == null || total > paging.MaxItems)) total = paging.MaxItems;
                    _transport.Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Polar: {0} page {1} of {2}: {3} item(s).", what, page + 1, Math.Max(totalPages.Value, 1), items.Count));
                    _transport.Log.Progress("Polar: " + what, "page " + (page + 1) + " of " + Math.Max(totalPages.Value, 1), returned + items.Count, total);
                    if (page == 0 && totalElements != null) paging.ReportTotal?.Invoke(totalElements.Value);
                }
                if (items.Count == 0) yield break;
                foreach (T item in items)
                {
                    yield return item;
                    returned++;
                    if (paging.MaxItems != null && returned >= paging.MaxItems.Value) yield break;
                }
            }
        }

        private async Task<JsonDocument> GetJsonAsync(string path, CancellationToken cancellationToken)
        {
            using HttpResponseMessage response = await _transport.GetAsync(path, cancellationToken).ConfigureAwait(false);
            byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return ParseDocument(body);
        }

        private static JsonDocument ParseDocument(byte[] body)
        {
            if (body.Length == 0) return JsonDocument.Parse("{}"); // 204 or an empty 200: nothing to list
            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new SportsDataException("PolarApi.InvalidResponse", FailureKind.InvalidData, "Polar answered with something that is not JSON: " + ex.Message, ex);
            }
        }

        private static JsonElement Data(JsonElement root) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out JsonElement data) ? data : root;

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
