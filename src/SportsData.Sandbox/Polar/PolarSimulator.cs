using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace SportsData.Sandbox.Polar
{
    /// <summary>
    /// Polar Team Pro v1.1.0 and its OAuth 2.0 server: same paths, JSON shapes, paging rules, 404s and
    /// rate limit (token bucket per client, HTTP 429 without Retry-After) as documented.
    /// </summary>
    public sealed class PolarSimulator : ISimulatorModule
    {
        public const string DemoClientId = "sportsdata-sandbox";
        public const string DemoClientSecret = "sandbox-secret";
        public const string DemoRefreshToken = "sandbox-refresh-token";

        /// <summary>
        /// The demo client of a sandbox account: <see cref="DemoClientId"/> for the unnamed one, <c>sportsdata-sandbox-&lt;account&gt;</c>
        /// for a named one (e.g. <c>-Name men</c>). Each has its own rate limit, as Polar limits requests per client; all share
        /// <see cref="DemoClientSecret"/> and <see cref="DemoRefreshToken"/>.
        /// </summary>
        public static string DemoClientIdFor(string? account)
        {
            if (string.IsNullOrEmpty(account)) return DemoClientId;
            if (!IsAccountName(account!)) throw new ArgumentException("A sandbox account name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.", nameof(account));
            return DemoClientId + "-" + account;
        }

        /// <summary>Whether <paramref name="clientId"/> is one of the sandbox's demo clients (see <see cref="DemoClientIdFor"/>).</summary>
        public static bool IsDemoClient(string? clientId)
        {
            if (clientId == null) return false;
            if (clientId == DemoClientId) return true;
            return clientId.StartsWith(DemoClientId + "-", StringComparison.Ordinal) && IsAccountName(clientId.Substring(DemoClientId.Length + 1));
        }

        private static bool IsAccountName(string name) =>
            name.Length >= 1 && name.Length <= 64 && char.IsLetterOrDigit(name[0]) && name.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '.' || c == '_' || c == '-'));

        private static readonly string[] AllSampleTypes = { "distance", "location", "hr", "speed", "cadence", "altitude", "forward_acceleration", "rr" };
        private readonly SandboxOptions _options;
        private readonly Lazy<PolarDemoData> _data;
        private readonly ConcurrentDictionary<string, ServerBucket> _buckets = new ConcurrentDictionary<string, ServerBucket>();
        private readonly LateArrivalSchedule _arrivals;

        public PolarSimulator(SandboxOptions options)
        {
            _options = options;
            _data = new Lazy<PolarDemoData>(() => new PolarDemoData(options.AnchorDate));
            OAuth = new PolarOAuthSimulator(options);
            _arrivals = new LateArrivalSchedule(options, PolarDemoData.MaxTimedArrivals, () => options.PolarFirstLateArrival);
        }

        public PolarDemoData Data => _data.Value;

        /// <summary>Polar's OAuth 2.0 server (authorize and token endpoints, issued tokens).</summary>
        public PolarOAuthSimulator OAuth { get; }

        /// <summary>Requests refused with 429 so far.</summary>
        public int RateLimitedCount { get; private set; }

        public SimResponse? Handle(SimRequest request)
        {
            if (request.Path.StartsWith("/oauth/", StringComparison.Ordinal)) return OAuth.Handle(request);
            string[]? segments = request.SegmentsAfter("/v1/");
            if (segments == null) return null;
            if (request.Method != "GET") return SimResponse.Json(405, w => WritePolarError(w, 405, "Method not allowed"));

            string? clientId = OAuth.ClientOfAccessToken(request.BearerToken);
            if (clientId == null)
            {
                return SimResponse.Json(401, w => WritePolarError(w, 401, "Unauthorized: invalid or expired access token"));
            }
            ServerBucket bucket = _buckets.GetOrAdd(clientId, _ => new ServerBucket(_options.PolarBurstCapacity, _options.PolarRefillPerSecond));
            if (!bucket.TryTake())
            {
                RateLimitedCount++;
                return SimResponse.Json(429, w => WritePolarError(w, 429, "Too Many Requests"));
            }
            int due = _arrivals.Due;
            if (due > 0) Data.ArriveUpTo(due);
            return Route(request, segments);
        }

        private SimResponse Route(SimRequest request, string[] s)
        {
            // /v1/teams, /v1/teams/{id}, /v1/teams/{id}/sport-profiles, /v1/teams/{id}/training_sessions,
            // /v1/teams/training_sessions/{id}, /v1/players/{id}/training_sessions, /v1/training_sessions/{id}[/session_summary|/phase_summaries]
            if (s.Length == 1 && s[0] == "teams") return Paged(request, Data.Teams, AsObject<TeamSeed>(WriteTeamFields));
            if (s.Length == 3 && s[0] == "teams" && s[1] == "training_sessions") return TeamSessionDetails(s[2]);
            if (s.Length >= 2 && s[0] == "teams")
            {
                TeamSeed? team = Data.FindTeam(s[1]);
                if (team == null) return NotYours("team_id");
                if (s.Length == 2) return OkData(w => WriteTeamDetails(w, team));
                if (s.Length == 3 && s[2] == "sport-profiles") return OkData(w => WriteSportProfiles(w, team));
                if (s.Length == 3 && s[2] == "training_sessions")
                {
                    if (!TryRange(request, out DateTime? since, out DateTime? until, out SimResponse? bad)) return bad!;
                    IEnumerable<TeamSessionSeed> sessions = team.Sessions.Where(x => (since == null || x.RecordStartTime > since) && (until == null || x.RecordStartTime < until));
                    return Paged(request, sessions.ToArray(), AsObject<TeamSessionSeed>(WriteTeamSessionFields));
                }
            }
            if (s.Length == 3 && s[0] == "players" && s[2] == "training_sessions")
            {
                PlayerSeed? player = Data.FindPlayer(s[1]);
                if (player == null) return NotYours("player_id");
                if (!TryRange(request, out DateTime? since, out DateTime? until, out SimResponse? bad)) return bad!;
                string type = (request.QueryValue("type") ?? "ALL").ToUpperInvariant();
                if (type != "ALL" && type != "TEAM" && type != "INDIVIDUAL") return SimResponse.Json(400, w => WritePolarError(w, 400, "type must be ALL, TEAM or INDIVIDUAL"));
                var sessions = Data.PlayerSessions(player).Where(x => (type == "ALL" || x.Type == type) && (since == null || x.StartTime > since) && (until == null || x.StartTime < until)).ToArray();
                return Paged(request, sessions, AsObject<PlayerSessionSeed>(WritePlayerSessionFields));
            }
            if (s.Length >= 2 && s[0] == "training_sessions")
            {
                PlayerSessionSeed? session = Data.FindPlayerSession(s[1]);
                if (session == null) return NotYours("player_session_id");
                if (s.Length == 2) return PlayerSessionDetails(request, session);
                if (s.Length == 3 && s[2] == "session_summary")
                {
                    if (session.TeamSession == null) return NotYours("player_session_id");
                    return OkData(w => WriteSummary(w, session, null));
                }
                if (s.Length == 3 && s[2] == "phase_summaries")
                {
                    if (session.TeamSession == null) return NotYours("player_session_id");
                    return OkData(w =>
                    {
                        w.WriteStartArray();
                        var phases = session.TeamSession.Phases;
                        for (int i = 0; i < phases.Length; i++) WriteSummary(w, session, (i, phases[i].Name, phases[i].Start, phases[i].End));
                        w.WriteEndArray();
                    });
                }
            }
            return SimResponse.Json(404, w => WritePolarError(w, 404, "Not found"));
        }

        private static SimResponse NotYours(string what) =>
            SimResponse.Json(404, w => WritePolarError(w, 404, $"Given {what} doesn't match any of user's records."));

        /// <summary>200 with the body <c>{"data": ...}</c>, the value written by <paramref name="writeData"/>.</summary>
        private static SimResponse OkData(Action<Utf8JsonWriter> writeData) =>
            SimResponse.Ok(w => { w.WriteStartObject(); w.WritePropertyName("data"); writeData(w); w.WriteEndObject(); });

        /// <summary>Writes an item as a JSON object whose fields <paramref name="writeFields"/> writes.</summary>
        private static Action<Utf8JsonWriter, T> AsObject<T>(Action<Utf8JsonWriter, T> writeFields) =>
            (w, item) => { w.WriteStartObject(); writeFields(w, item); w.WriteEndObject(); };

        private static void WritePolarError(Utf8JsonWriter w, int status, string message)
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteNumber("status", status);
            w.WriteString("message", message);
            w.WriteString("timestamp", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static bool TryRange(SimRequest request, out DateTime? since, out DateTime? until, out SimResponse? bad)
        {
            since = until = null;
            bad = null;
            foreach (string name in new[] { "since", "until" })
            {
                string? text = request.QueryValue(name);
                if (string.IsNullOrEmpty(text)) continue;
                if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime value))
                {
                    bad = SimResponse.Json(400, w => WritePolarError(w, 400, $"Invalid {name}: '{text}'"));
                    return false;
                }
                if (name == "since") since = value; else until = value;
            }
            return true;
        }

        private static SimResponse Paged<T>(SimRequest request, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
        {
            int page = 0, perPage = 20;
            string? pageText = request.QueryValue("page");
            string? perPageText = request.QueryValue("per_page");
            if (pageText != null && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 0))
                return SimResponse.Json(400, w => WritePolarError(w, 400, "page must be a non-negative integer"));
            if (perPageText != null && (!int.TryParse(perPageText, NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage < 1 || perPage > 100))
                return SimResponse.Json(400, w => WritePolarError(w, 400, "per_page must be between 1 and 100"));
            int totalPages = (items.Count + perPage - 1) / perPage;
            return SimResponse.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                for (int i = page * perPage; i < Math.Min(items.Count, (page + 1) * perPage); i++) write(w, items[i]);
                w.WriteEndArray();
                w.WriteStartObject("page");
                w.WriteNumber("per_page", perPage);
                w.WriteNumber("total_elements", items.Count);
                w.WriteNumber("page_number", page);
                w.WriteNumber("total_pages", totalPages);
                w.WriteEndObject();
                w.WriteEndObject();
            });
        }

        private static string Utc(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static string Local(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

        private static void WriteTeamFields(Utf8JsonWriter w, TeamSeed team)
        {
            w.WriteString("id", team.Id);
            w.WriteString("name", team.Name);
            w.WriteString("organisation", team.Organisation);
            w.WriteString("created", Utc(team.Created));
            w.WriteString("modified", Utc(team.Created.AddDays(30)));
        }

        private static void WriteTeamDetails(Utf8JsonWriter w, TeamSeed team)
        {
            w.WriteStartObject();
            WriteTeamFields(w, team);
            w.WriteStartArray("players");
            foreach (PlayerSeed player in team.Players)
            {
                w.WriteStartObject();
                w.WriteString("player_id", player.Id);
                w.WriteNumber("player_number", player.Number);
                w.WriteString("role", player.Role);
                w.WriteString("first_name", player.FirstName);
                w.WriteString("last_name", player.LastName);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WritePropertyName("sport_profiles");
            WriteSportProfiles(w, team);
            w.WriteEndObject();
        }

        private static void WriteSportProfiles(Utf8JsonWriter w, TeamSeed team)
        {
            w.WriteStartArray();
            foreach (string sport in new[] { team.Sport, "RUNNING" })
            {
                w.WriteStartObject();
                w.WriteString("sport", sport);
                w.WriteString("created", Utc(team.Created));
                w.WriteString("modified", Utc(team.Created.AddDays(2)));
                w.WriteString("sprint_threshold_type", sport == "RUNNING" ? "SPEED" : "ACCELERATION");
                w.WriteNumber("sprint_threshold", sport == "RUNNING" ? 25.0 : 2.8);
                w.WriteString("gps_state", sport == "RUNNING" ? "ON_NORMAL" : "GPS_ON_10_HZ");
                w.WriteString("muscle_load_setting", "ON");
                w.WriteString("heart_rate_zone_type", "THRESHOLD");
                w.WriteString("speed_zone_type", "FREE");
                w.WriteString("power_zone_type", "DEFAULT");
                w.WriteStartObject("zones");
                WriteZoneLimits(w, "heart_rate", new[] { 100.0, 120, 140, 160, 180, 200 });
                WriteZoneLimits(w, "speed", new[] { 10.0, 12, 15, 17.1, 20, 399 });
                WriteZoneLimits(w, "power", new[] { 100.0, 200, 300, 400, 500, 600 });
                w.WriteEndObject();
                w.WriteStartObject("acceleration_zones");
                w.WriteStartArray("acceleration");
                foreach (double limit in new[] { -3.0, -2, -1, 1, 2, 3 }) { w.WriteStartObject(); w.WriteNumber("limit", limit); w.WriteEndObject(); }
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static void WriteZoneLimits(Utf8JsonWriter w, string name, double[] limits)
        {
            w.WriteStartArray(name);
            for (int i = 0; i + 1 < limits.Length; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("lower_limit", limits[i]);
                w.WriteNumber("higher_limit", limits[i + 1]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static void WriteTeamSessionFields(Utf8JsonWriter w, TeamSessionSeed session)
        {
            w.WriteString("id", session.Id);
            w.WriteString("team_id", session.Team.Id);
            w.WriteString("name", session.Name);
            w.WriteString("type", session.Type);
            w.WriteString("note", (session.Type == "MATCH" ? "League match" : "") + (session.Revision > 0 ? "Edited (revision " + session.Revision + ")" : ""));
            w.WriteString("created", Utc(session.EndTime.AddHours(1)));
            w.WriteString("modified", Utc(session.Modified));
            w.WriteString("record_start_time", Local(session.RecordStartTime));
            w.WriteString("record_end_time", Local(session.RecordEndTime));
            w.WriteString("start_time", Local(session.StartTime));
            w.WriteString("end_time", Local(session.EndTime));
            w.WriteNumber("latitude", 60.1699);
            w.WriteNumber("longitude", 24.9384);
            w.WriteString("sport", session.Team.Sport);
        }

        private SimResponse TeamSessionDetails(string id)
        {
            TeamSessionSeed? session = Data.FindTeamSession(id);
            if (session == null) return NotYours("training_session_id");
            return OkData(w =>
            {
                w.WriteStartObject();
                WriteTeamSessionFields(w, session);
                w.WriteString("arena", session.Team.Name + " home ground");
                var random = new DemoRandom("tsd:" + session.Id);
                w.WriteNumber("distance", Math.Round(session.Duration.TotalMinutes * random.Between(80, 110), 1));
                w.WriteNumber("kilocalories", Math.Round(session.Duration.TotalMinutes * 9.5));
                w.WriteNumber("training_load", Math.Round(session.Duration.TotalMinutes * 1.2));
                w.WriteNumber("heart_rate_average", random.Next(125, 150));
                w.WriteNumber("cardio_load", Math.Round(random.Between(20, 90), 1));
                w.WriteNumber("cardio_load_interpretation", random.Next(1, 5));
                w.WriteStartArray("participants");
                foreach (PlayerSessionSeed participant in session.Participants)
                {
                    w.WriteStartObject();
                    w.WriteString("player_id", participant.Player.Id);
                    w.WriteNumber("player_number", participant.Player.Number);
                    w.WriteString("role", participant.Player.Role);
                    w.WriteString("player_session_id", participant.Id);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("markers");
                foreach (var phase in session.Phases)
                {
                    w.WriteStartObject();
                    w.WriteString("start_time", Local(phase.Start));
                    w.WriteString("end_time", Local(phase.End));
                    w.WriteString("marker_type", "PHASE");
                    w.WriteString("name", phase.Name);
                    w.WriteString("note", "");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                WriteTimeZones(w, "heart_rate_zones", session.Duration, random, includeMeters: true);
                WriteTimeZones(w, "speed_zones_kmh", session.Duration, random, includeMeters: true);
                WriteTimeZones(w, "power_zones", session.Duration, random, includeMeters: false);
                w.WriteString("future_field", "kept by the client"); // an unmapped field, like a newer API version adds
                w.WriteEndObject();
            });
        }

        private static void WriteTimeZones(Utf8JsonWriter w, string name, TimeSpan duration, DemoRandom random, bool includeMeters)
        {
            w.WriteStartArray(name);
            double remaining = duration.TotalSeconds;
            for (int i = 1; i <= 5; i++)
            {
                double seconds = i == 5 ? remaining : Math.Round(remaining * random.Between(0.1, 0.4), 1);
                remaining -= seconds;
                w.WriteStartObject();
                w.WriteNumber("index", i);
                w.WriteNumber("lower_limit", 80 + i * 20);
                w.WriteNumber("higher_limit", 100 + i * 20);
                w.WriteString("in_zone", "PT" + seconds.ToString("0.#", CultureInfo.InvariantCulture) + "S");
                if (includeMeters) w.WriteNumber("in_zone_meters", Math.Round(seconds * 2.5));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static void WritePlayerSessionFields(Utf8JsonWriter w, PlayerSessionSeed session)
        {
            w.WriteString("id", session.Id);
            w.WriteString("type", session.Type);
            w.WriteString("created", Utc(session.StartTime.Add(session.Duration).AddHours(1)));
            w.WriteString("modified", Utc(session.Modified));
            w.WriteString("sport", session.TeamSession?.Team.Sport ?? "RUNNING");
            WriteSharedPlayerSessionFields(w, session);
            w.WriteNumber("timezone_offset", TimezoneOffsetMinutes(session));
        }

        /// <summary>The fields a player session's listing entry and its details share, from its name to its duration.</summary>
        /// <summary>The session's UTC offset in minutes: 180 from April to October (summer time), 120 otherwise.</summary>
        private static int TimezoneOffsetMinutes(PlayerSessionSeed session) => session.StartTime.Month >= 4 && session.StartTime.Month <= 10 ? 180 : 120;

        private static void WriteSharedPlayerSessionFields(Utf8JsonWriter w, PlayerSessionSeed session)
        {
            w.WriteString("name", session.TeamSession?.Name ?? "Easy run");
            w.WriteString("feeling", "GREAT");
            w.WriteString("note", "");
            w.WriteNumber("latitude", 60.1699);
            w.WriteNumber("longitude", 24.9384);
            w.WriteString("start_time", Local(session.StartTime));
            w.WriteString("stop_time", Local(session.StartTime + session.Duration));
            w.WriteNumber("duration_ms", (long)session.Duration.TotalMilliseconds);
        }

        private SimResponse PlayerSessionDetails(SimRequest request, PlayerSessionSeed session)
        {
            string? samplesParam = request.QueryValue("samples");
            string[] requested = Array.Empty<string>();
            if (!string.IsNullOrEmpty(samplesParam))
            {
                requested = samplesParam == "all" ? AllSampleTypes : samplesParam!.Split(',').Select(x => x.Trim()).ToArray();
                string? unknown = requested.FirstOrDefault(x => Array.IndexOf(AllSampleTypes, x) < 0);
                if (unknown != null) return SimResponse.Json(400, w => WritePolarError(w, 400, "Unknown sample type: " + unknown));
            }
            var stats = new DemoRandom("psd:" + session.Id + (session.EffectiveRevision > 0 ? ":" + session.EffectiveRevision : ""));
            return OkData(w =>
            {
                w.WriteStartObject();
                w.WriteString("id", session.Id);
                w.WriteString("type", session.Type);
                // Samples come before start_time on purpose: clients must not assume field order.
                if (requested.Length > 0) PolarSampleWriter.Write(w, session, requested);
                if (requested.Contains("rr") || requested.Length == 0) PolarSampleWriter.WriteRRIntervals(w, session);
                w.WriteString("created", Utc(session.StartTime.Add(session.Duration).AddHours(1)));
                w.WriteString("modified", Utc(session.Modified));
                WriteSharedPlayerSessionFields(w, session);
                w.WriteNumber("calories", Math.Round(session.Duration.TotalMinutes * stats.Between(8, 12)));
                w.WriteNumber("distance_meters", Math.Round(session.Duration.TotalMinutes * stats.Between(70, 120), 1));
                w.WriteNumber("training_load", Math.Round(stats.Between(40, 160)));
                w.WriteString("training_benefit", "STEADY_STATE_TRAINING");
                w.WriteNumber("cardio_load", Math.Round(stats.Between(20, 90), 1));
                w.WriteNumber("muscle_load", Math.Round(stats.Between(10, 60)));
                w.WriteNumber("recovery_time_ms", 36000000 + stats.Next(0, 36000000));
                w.WriteNumber("fat_percentage", 28);
                w.WriteNumber("carbo_percentage", 44);
                w.WriteNumber("protein_percentage", 28);
                w.WriteNumber("heart_rate_max", stats.Next(170, 198));
                w.WriteNumber("heart_rate_avg", stats.Next(120, 160));
                w.WriteString("sport", session.TeamSession?.Team.Sport ?? "RUNNING");
                w.WriteNumber("running_index", stats.Next(40, 60));
                w.WriteNumber("ascent", Math.Round(stats.Between(0, 40), 1));
                w.WriteNumber("descent", Math.Round(stats.Between(0, 40), 1));
                w.WriteNumber("walking_duration_ms", stats.Next(100000, 900000));
                w.WriteNumber("walking_distance_meters", Math.Round(stats.Between(100, 900), 1));
                w.WriteNumber("sprint_counter", stats.Next(0, 25));
                w.WriteString("product", "Polar Verity Sense");
                w.WriteNumber("timezone_offset", TimezoneOffsetMinutes(session));
                w.WriteEndObject();
            });
        }

        private static void WriteSummary(Utf8JsonWriter w, PlayerSessionSeed session, (int Index, string Name, DateTime Start, DateTime End)? phase)
        {
            TeamSessionSeed team = session.TeamSession!;
            var random = new DemoRandom("sum:" + session.Id + ":" + (phase?.Name ?? "all") + (session.EffectiveRevision > 0 ? ":" + session.EffectiveRevision : ""));
            TimeSpan duration = phase != null ? phase.Value.End - phase.Value.Start : team.Duration;
            double minutes = duration.TotalMinutes;
            w.WriteStartObject();
            w.WriteString("player_session_id", session.Id);
            if (phase != null)
            {
                w.WriteString("phase_name", phase.Value.Name);
                w.WriteNumber("phase_index", phase.Value.Index);
            }
            w.WriteString("created", Utc(team.EndTime.AddHours(1)));
            w.WriteString("modified", Utc(team.EndTime.AddHours(1)));
            w.WriteString("trimmed_start_time", Local(phase?.Start ?? team.StartTime));
            w.WriteNumber("duration_ms", (long)duration.TotalMilliseconds);
            w.WriteNumber("distance_meters", Math.Round(minutes * random.Between(80, 115) * session.Player.Fitness, 1));
            w.WriteNumber("kilo_calories", Math.Round(minutes * random.Between(8, 12)));
            WriteRandomNumbers(w, random, ("heart_rate_max", 170, 198), ("heart_rate_avg", 120, 160), ("heart_rate_min", 60, 80),
                ("heart_rate_max_percent", 88, 100), ("heart_rate_avg_percent", 65, 80), ("heart_rate_min_percent", 30, 40), ("sprint_counter", 0, 25));
            w.WriteNumber("speed_avg_kmh", Math.Round(random.Between(5, 8), 1)); // typed integer upstream, decimal in practice
            w.WriteNumber("speed_max_kmh", Math.Round(random.Between(24, 33), 1));
            w.WriteNumber("cadence_avg", random.Next(60, 90));
            w.WriteNumber("cadence_max", random.Next(150, 190));
            w.WriteNumber("training_load", Math.Round(minutes * 1.3));
            w.WriteNumber("cardio_load", Math.Round(random.Between(10, 90), 1));
            w.WriteNumber("muscle_load", Math.Round(random.Between(5, 60)));
            WriteTimeZones(w, "heart_rate_zones", duration, random, includeMeters: false);
            WriteTimeZones(w, "speed_zones_kmh", duration, random, includeMeters: true);
            w.WriteStartArray("acceleration_zones_ms2");
            foreach (int limit in new[] { -3, -2, -1, 1, 2, 3 }) { w.WriteStartObject(); w.WriteNumber("limit", limit); w.WriteNumber("counter", random.Next(0, 40)); w.WriteEndObject(); }
            w.WriteEndArray();
            WriteTimeZones(w, "power_zones", duration, random, includeMeters: false);
            w.WriteString("out_of_heart_rate_zones", "PT" + random.Next(0, 30) + "S");
            w.WriteNumber("out_of_speed_zones", random.Next(0, 400));
            w.WriteString("out_of_power_zones", "PT4.2S");
            WriteRandomNumbers(w, random, ("minimum_rr", 300, 350), ("average_rr", 420, 600), ("maximum_rr", 900, 1100), ("rmssd", 20, 80),
                ("cardio_load_interpretation", 1, 5), ("muscle_load_interpretation", 1, 5));
            w.WriteEndObject();
        }

        /// <summary>Writes each field as a whole number drawn from its range (min inclusive, max exclusive), in order.</summary>
        private static void WriteRandomNumbers(Utf8JsonWriter w, DemoRandom random, params (string Name, int Min, int Max)[] fields)
        {
            foreach (var (name, min, max) in fields) w.WriteNumber(name, random.Next(min, max));
        }

        /// <summary>The server side of the documented limit: 1 request/s refill, burst of 100, per client.</summary>
        private sealed class ServerBucket
        {
            private readonly object _gate = new object();
            private readonly int _capacity;
            private readonly double _refill;
            private double _tokens;
            private DateTime _last = DateTime.UtcNow;

            public ServerBucket(int capacity, double refill)
            {
                _capacity = capacity;
                _refill = refill;
                _tokens = capacity;
            }

            public bool TryTake()
            {
                lock (_gate)
                {
                    DateTime now = DateTime.UtcNow;
                    _tokens = Math.Min(_capacity, _tokens + (now - _last).TotalSeconds * _refill);
                    _last = now;
                    if (_tokens < 1) return false;
                    _tokens -= 1;
                    return true;
                }
            }
        }
    }
}
