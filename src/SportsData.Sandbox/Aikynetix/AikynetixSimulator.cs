using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace SportsData.Sandbox.Aikynetix
{
    /// <summary>
    /// AiKYNETIX session management as documented: the sessions map, the filter endpoint with start_after_id
    /// paging (ignored when filters are set, as the docs say), update, delete, the admin fetch by ids, the
    /// analyzed video, API keys in both documented forms and Firebase-like ID tokens that expire. Analyzed videos
    /// are served from /sandbox-media/ so downloads go through the same simulator.
    /// </summary>
    public sealed class AikynetixSimulator : ISimulatorModule
    {
        /// <summary>Admin with a plan: what Connect-Aikynetix -Sandbox uses.</summary>
        public const string DemoApiKey = "aik_sandbox_admin_6c1f0e";

        /// <summary>An athlete (not an admin): sees only their own sessions; fetch by ids is refused.</summary>
        public const string DemoAthleteApiKey = "aik_sandbox_athlete_3b9d2a";

        /// <summary>An admin whose plan lacks analyzed videos and updates.</summary>
        public const string DemoNoPlanApiKey = "aik_sandbox_noplan_8e4c71";

        public const string SessionsPath = "/session-management/sessions/";
        public const string FilterPath = "/session-management/sessions/filter/";
        public const string FetchPath = "/session-management/sessions/fetch/";
        public const string MediaPrefix = "/sandbox-media/";
        private const string SandboxOrigin = "https://aikynetix.sandbox.sportsdata.invalid";

        private readonly Lazy<AikynetixDemoData> _data;
        private readonly ConcurrentDictionary<string, Principal> _keys = new ConcurrentDictionary<string, Principal>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, (Principal Principal, DateTimeOffset ExpiresAt)> _idTokens = new ConcurrentDictionary<string, (Principal, DateTimeOffset)>(StringComparer.Ordinal);

        private readonly LateArrivalSchedule _arrivals;

        /// <summary>At most this many sessions arrive by the clock in the interactive sandbox.</summary>
        public const int MaxTimedArrivals = 30;

        public AikynetixSimulator(SandboxOptions options)
        {
            _arrivals = new LateArrivalSchedule(options, MaxTimedArrivals + 1);
            _data = new Lazy<AikynetixDemoData>(() =>
            {
                var data = new AikynetixDemoData(options.AnchorDate);
                _keys[DemoApiKey] = new Principal(data.Admin, HasPlan: true);
                _keys[DemoAthleteApiKey] = new Principal(data.Athletes[0], HasPlan: true);
                _keys[DemoNoPlanApiKey] = new Principal(data.SubAdmin, HasPlan: false);
                return data;
            });
        }

        public AikynetixDemoData Data => _data.Value;

        /// <summary>When true, start_after_id also pages filtered listings (the docs say it is ignored then).</summary>
        public bool PageFilteredListings { get; set; }

        /// <summary>
        /// Listings give analyzed_video_url as a storage path (gs://...) rather than a download link, as a Firebase
        /// back end may; only the analyzed-video endpoint then hands out a link that downloads.
        /// </summary>
        public bool ListStoragePaths { get; set; }

        /// <summary>A server-side cap on limit (null: none). Pages come back shorter than asked for.</summary>
        public int? MaxLimit { get; set; }

        /// <summary>How the last authenticated request carried its credential: "API-KEY header", "Authorization API-KEY" or "Bearer".</summary>
        public string? LastCredentialForm { get; private set; }

        /// <summary>Issues a Firebase-like ID token (an unsigned JWT with user_id and exp) for a user.</summary>
        public string IssueIdToken(AikynetixUserSeed user, TimeSpan lifetime, bool hasPlan = true)
        {
            _ = Data;
            DateTimeOffset expires = DateTimeOffset.UtcNow + lifetime;
            string header = Base64Url("{\"alg\":\"RS256\",\"kid\":\"sandbox\",\"typ\":\"JWT\"}");
            string payload = Base64Url(string.Format(CultureInfo.InvariantCulture,
                "{{\"iss\":\"https://securetoken.google.com/aikynetix-sandbox\",\"user_id\":\"{0}\",\"sub\":\"{0}\",\"iat\":{1},\"exp\":{2},\"nonce\":\"{3}\"}}",
                user.Id, (expires - lifetime).ToUnixTimeSeconds(), expires.ToUnixTimeSeconds(), Guid.NewGuid().ToString("N")));
            string token = header + "." + payload + "." + Base64Url("sandbox-signature");
            _idTokens[token] = (new Principal(user, hasPlan), expires);
            return token;
        }

        /// <summary>Every issued Firebase ID token expires now (API keys keep working).</summary>
        public void ExpireIdTokens()
        {
            foreach (var pair in _idTokens) _idTokens[pair.Key] = (pair.Value.Principal, DateTimeOffset.UtcNow.AddSeconds(-1));
        }

        public SimResponse? Handle(SimRequest request)
        {
            if (request.Path.StartsWith(MediaPrefix, StringComparison.Ordinal)) return Media(request);
            if (!request.Path.StartsWith("/session-management/", StringComparison.Ordinal)) return null;
            SimResponse? denied = Authenticate(request, out Principal? principal);
            if (denied != null) return denied;
            int due = _arrivals.Due;
            if (due > 0) Data.ArriveUpTo(Math.Min(MaxTimedArrivals, due), due - 1); // each finishes processing one interval after it arrived
            return Route(request, principal!);
        }

        private SimResponse Route(SimRequest request, Principal principal)
        {
            string path = request.Path;
            if (path == SessionsPath && request.Method == "GET") return ListSessions(request, principal);
            if (path == FilterPath && request.Method == "GET") return FilterSessions(request, principal);
            if (path == FetchPath && request.Method == "POST") return FetchByIds(request, principal);
            if (path.StartsWith(SessionsPath, StringComparison.Ordinal))
            {
                string[] rest = path.Substring(SessionsPath.Length).Split('/');
                // {id} (PUT, DELETE: no trailing slash, as documented) and {id}/analyzed-video/ (GET, POST)
                if (rest.Length == 1 && rest[0].Length > 0)
                {
                    if (request.Method == "PUT") return Update(request, principal, rest[0]);
                    if (request.Method == "DELETE") return Delete(principal, rest[0]);
                    return SimResponse.Error(405, "Method not allowed");
                }
                if (rest.Length == 3 && rest[1] == "analyzed-video" && rest[2].Length == 0)
                {
                    if (request.Method == "GET" || request.Method == "POST") return AnalyzedVideo(request, principal, rest[0]);
                    return SimResponse.Error(405, "Method not allowed");
                }
            }
            return SimResponse.Error(404, "Not found: " + request.Method + " " + path);
        }

        private SimResponse? Authenticate(SimRequest request, out Principal? principal)
        {
            principal = null;
            string? key = request.Header("API-KEY");
            string form = "API-KEY header";
            string? authorization = request.Header("Authorization");
            if (key == null && authorization != null && authorization.StartsWith("API-KEY ", StringComparison.OrdinalIgnoreCase))
            {
                key = authorization.Substring(8).Trim();
                form = "Authorization API-KEY";
            }
            _ = Data;
            if (key != null)
            {
                if (!_keys.TryGetValue(key.Trim(), out principal)) return SimResponse.Error(401, "Invalid API key.");
                LastCredentialForm = form;
                return null;
            }
            string? token = request.BearerToken;
            if (token == null) return SimResponse.Error(401, "No token provided.");
            if (!_idTokens.TryGetValue(token, out var grant)) return SimResponse.Error(401, "Invalid token.");
            if (grant.ExpiresAt <= DateTimeOffset.UtcNow) return SimResponse.Error(401, "Token expired. Please sign in again.");
            principal = grant.Principal;
            LastCredentialForm = "Bearer";
            return null;
        }

        private IEnumerable<AikynetixSessionSeed> Visible(Principal principal) =>
            principal.User.IsAdmin ? Data.Sessions : Data.Sessions.Where(s => s.User.Id == principal.User.Id);

        private SimResponse ListSessions(SimRequest request, Principal principal)
        {
            var sessions = Visible(principal).ToList();
            if (sessions.Count == 0) return SimResponse.Error(404, "No sessions found for this user.");
            string origin = Origin(request);
            return SimResponse.Ok(w =>
            {
                w.WriteStartObject();
                WriteSessionMap(w, sessions, origin);
                w.WriteEndObject();
            });
        }

        private SimResponse FilterSessions(SimRequest request, Principal principal)
        {
            int limit = 10;
            string? limitText = request.QueryValue("limit");
            if (limitText != null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
                return SimResponse.Error(400, "limit must be a positive integer.");
            DateTime? startDate = null, endDate = null;
            foreach (string name in new[] { "start_date", "end_date" })
            {
                string? text = request.QueryValue(name);
                if (string.IsNullOrEmpty(text)) continue;
                if (!DateTime.TryParseExact(text, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime day))
                    return SimResponse.Error(400, "Invalid date format (expected dd/mm/yyyy).");
                if (name == "start_date") startDate = day; else endDate = day;
            }
            string? activity = NonEmpty(request.QueryValue("activity"));
            string? title = NonEmpty(request.QueryValue("title"));
            string? userId = NonEmpty(request.QueryValue("user_id"));
            string? uploadedBy = NonEmpty(request.QueryValue("uploaded_by"));
            string? state = NonEmpty(request.QueryValue("state"));
            bool filtered = activity != null || title != null || userId != null || uploadedBy != null || state != null || startDate != null || endDate != null;

            var matches = Visible(principal).Where(s =>
                (activity == null || s.Activity == activity) &&
                (title == null || s.Title.IndexOf(title, StringComparison.OrdinalIgnoreCase) >= 0) &&
                (userId == null || s.User.Id == userId) &&
                (uploadedBy == null || s.UploadedBy == uploadedBy) &&
                (state == null || s.State == state) &&
                (startDate == null || s.CreatedAt.Date >= startDate.Value) &&
                (endDate == null || s.CreatedAt.Date <= endDate.Value)).ToList();
            if (matches.Count == 0) return SimResponse.Error(404, "No sessions found for the given criteria.");

            IEnumerable<AikynetixSessionSeed> window = matches;
            if (!filtered || PageFilteredListings)
            {
                string? startAfter = NonEmpty(request.QueryValue("start_after_id"));
                string? endBefore = NonEmpty(request.QueryValue("end_before_id"));
                if (startAfter != null)
                {
                    int index = matches.FindIndex(s => s.Id == startAfter);
                    window = index < 0 ? Enumerable.Empty<AikynetixSessionSeed>() : matches.Skip(index + 1);
                }
                if (endBefore != null)
                {
                    window = window.TakeWhile(s => s.Id != endBefore);
                }
            }
            var page = window.Take(Math.Min(limit, MaxLimit ?? limit)).ToList();
            string origin = Origin(request);
            return SimResponse.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("query_count", matches.Count);
                WriteSessionMap(w, page, origin);
                if (page.Count > 0) w.WriteString("first_doc_id", page[0].Id); else w.WriteNull("first_doc_id");
                if (page.Count > 0) w.WriteString("last_doc_id", page[page.Count - 1].Id); else w.WriteNull("last_doc_id");
                w.WriteEndObject();
            });
        }

        private SimResponse FetchByIds(SimRequest request, Principal principal)
        {
            if (!principal.User.IsAdmin) return SimResponse.Error(403, "User is not an admin");
            var ids = new List<string>();
            using (JsonDocument? body = request.JsonBody())
            {
                if (body == null || body.RootElement.ValueKind != JsonValueKind.Object ||
                    !body.RootElement.TryGetProperty("session_ids", out JsonElement list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                {
                    return SimResponse.Error(400, "session_ids must be a non-empty list.");
                }
                foreach (JsonElement item in list.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String) return SimResponse.Error(400, "session_ids must be strings.");
                    ids.Add(item.GetString()!);
                }
            }
            var found = ids.Distinct().Select(Data.Find).Where(s => s != null).Select(s => s!).ToList();
            string origin = Origin(request);
            return SimResponse.Ok(w =>
            {
                w.WriteStartObject();
                WriteSessionMap(w, found, origin);
                w.WriteEndObject();
            });
        }

        private SimResponse Update(SimRequest request, Principal principal, string id)
        {
            if (!principal.User.IsAdmin || !principal.HasPlan) return SimResponse.Error(403, "Access denied.");
            if (Data.Find(id) == null) return SimResponse.Error(404, "Session " + id + " not found");
            string? title = null;
            DateTime? createdAt = null;
            using (JsonDocument? body = request.JsonBody())
            {
                if (body == null || body.RootElement.ValueKind != JsonValueKind.Object) return SimResponse.Error(400, "A JSON body with title and/or created_at is required.");
                if (body.RootElement.TryGetProperty("title", out JsonElement t))
                {
                    if (t.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(t.GetString())) return SimResponse.Error(400, "title must be a non-empty string.");
                    title = t.GetString();
                }
                if (body.RootElement.TryGetProperty("created_at", out JsonElement c))
                {
                    if (c.ValueKind != JsonValueKind.String ||
                        !DateTime.TryParseExact(c.GetString(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime parsed))
                    {
                        return SimResponse.Error(400, "created_at must be in YYYY-MM-DD HH:MM:SS format.");
                    }
                    createdAt = parsed;
                }
            }
            if (title == null && createdAt == null) return SimResponse.Error(400, "Nothing to update.");
            if (!Data.Update(id, title, createdAt)) return SimResponse.Error(404, "Session " + id + " not found");
            return SimResponse.Ok(w => { w.WriteStartObject(); w.WriteString("success", id + " was successfully updated"); w.WriteEndObject(); });
        }

        private SimResponse Delete(Principal principal, string id)
        {
            if (!principal.User.IsAdmin) return SimResponse.Error(403, "Forbidden: You must be an admin to delete this session");
            if (!Data.Remove(id)) return SimResponse.Error(404, "Session " + id + " not found");
            return SimResponse.Ok(w => { w.WriteStartObject(); w.WriteString("success", id + " was successfully deleted"); w.WriteEndObject(); });
        }

        private SimResponse AnalyzedVideo(SimRequest request, Principal principal, string id)
        {
            AikynetixSessionSeed? session = Data.Find(id);
            if (session == null || (!principal.User.IsAdmin && session.User.Id != principal.User.Id)) return SimResponse.Error(404, "Session data not found");
            if (!principal.HasPlan) return SimResponse.Error(403, "User does not have a valid payment plan");
            if (request.Method == "POST")
            {
                if (session.HasAnalyzedVideo) return SimResponse.Error(400, "Video already analyzed");
                Data.Analyze(session);
            }
            else if (!session.HasAnalyzedVideo)
            {
                Data.Analyze(session); // documented: the GET creates the analyzed video when it does not exist
            }
            bool download = string.Equals(request.QueryValue("download"), "true", StringComparison.OrdinalIgnoreCase);
            string url = MediaUrl(Origin(request), session, download);
            return SimResponse.Ok(w => { w.WriteStartObject(); w.WriteString("analyzed_video_url", url); w.WriteEndObject(); });
        }

        /// <summary>GET /sandbox-media/{id}/analyzed_video.mp4?signature=...: the video bytes (deterministic), no API credential needed.</summary>
        private SimResponse Media(SimRequest request)
        {
            string[] parts = request.Path.Substring(MediaPrefix.Length).Split('/');
            if (request.Method != "GET" || parts.Length != 2) return SimResponse.Error(404, "Not found");
            AikynetixSessionSeed? session = Data.Find(parts[0]);
            if (session == null || !session.HasAnalyzedVideo || parts[1] != VideoFileName(session)) return SimResponse.Text(404, "<Error><Code>NoSuchKey</Code></Error>", "application/xml");
            if (request.QueryValue("signature") != Signature(session.Id)) return SimResponse.Text(403, "<Error><Code>SignatureDoesNotMatch</Code></Error>", "application/xml");
            byte[] video = VideoBytes(session);
            var response = new SimResponse(200, video, "video/mp4");
            // As Google Cloud Storage (Firebase Storage) sends it for every object.
            using (var md5 = System.Security.Cryptography.MD5.Create())
            {
                response.WithHeader("x-goog-hash", "md5=" + Convert.ToBase64String(md5.ComputeHash(video)));
            }
            if (request.QueryValue("download") == "1") response.WithHeader("Content-Disposition", "attachment; filename=\"analyzed_video.mp4\"");
            return response;
        }

        /// <summary>The bytes the sandbox serves for a session's analyzed video (an MP4 header then seeded noise).</summary>
        public static byte[] VideoBytes(AikynetixSessionSeed session)
        {
            var bytes = new byte[session.VideoLength];
            byte[] header = { 0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2' };
            Array.Copy(header, bytes, header.Length);
            var random = new DemoRandom("aik-video-" + session.Id + (session.VideoRevision > 1 ? ":" + session.VideoRevision.ToString(CultureInfo.InvariantCulture) : string.Empty));
            for (int i = header.Length; i < bytes.Length; i++) bytes[i] = (byte)random.Next(0, 256);
            return bytes;
        }

        private static string MediaUrl(string origin, AikynetixSessionSeed session, bool download) =>
            origin + MediaPrefix + session.Id + "/" + VideoFileName(session) + "?signature=" + Signature(session.Id) + (download ? "&download=1" : string.Empty);

        /// <summary>analyzed_video.mp4, then analyzed_video_r2.mp4... after each re-analysis (a new object, so a new URL).</summary>
        private static string VideoFileName(AikynetixSessionSeed session) =>
            session.VideoRevision > 1 ? "analyzed_video_r" + session.VideoRevision.ToString(CultureInfo.InvariantCulture) + ".mp4" : "analyzed_video.mp4";

        private static string Signature(string id) => DemoRandom.Hash("aik-media-" + id).ToString("x16", CultureInfo.InvariantCulture);

        /// <summary>The origin the client used (the loopback host in tests), so media URLs come back to this simulator.</summary>
        private static string Origin(SimRequest request)
        {
            string? host = request.Header("Host");
            return string.IsNullOrEmpty(host) ? SandboxOrigin : "http://" + host;
        }

        private void WriteSessionMap(Utf8JsonWriter w, IEnumerable<AikynetixSessionSeed> sessions, string origin)
        {
            w.WriteStartObject("sessions");
            foreach (AikynetixSessionSeed s in sessions)
            {
                w.WriteStartObject(s.Id);
                w.WriteStartObject("created_at");
                w.WriteString("date", s.CreatedAt.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture));
                w.WriteString("time", s.CreatedAt.ToString("hh':'mm tt", CultureInfo.InvariantCulture));
                w.WriteEndObject();
                w.WriteString("video_url", origin + "/sandbox-media/" + s.Id + "/video.mp4");
                w.WriteNumber("segments", s.Segments);
                w.WriteString("analyzed_video_url", !s.HasAnalyzedVideo ? string.Empty
                    : ListStoragePaths ? "gs://aikynetix-sandbox.appspot.com/sessions/" + s.Id + "/" + VideoFileName(s) : MediaUrl(origin, s, false));
                w.WriteString("activity", s.Activity);
                if (s.Exercise != null) w.WriteString("exercise", s.Exercise);
                w.WriteString("title", s.Title);
                w.WriteString("user_id", s.User.Id);
                w.WriteString("user_name", s.User.Name);
                w.WriteString("uploaded_by", s.UploadedBy);
                w.WriteString("state", s.State);
                w.WritePropertyName("report_comments");
                WriteValue(w, s.ReportComments);
                w.WritePropertyName("metrics");
                WriteValue(w, s.Metrics);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        private static void WriteValue(Utf8JsonWriter w, object value)
        {
            switch (value)
            {
                case IDictionary<string, object> map:
                    w.WriteStartObject();
                    foreach (var pair in map)
                    {
                        w.WritePropertyName(pair.Key);
                        WriteValue(w, pair.Value);
                    }
                    w.WriteEndObject();
                    break;
                case int number: w.WriteNumberValue(number); break;
                case double number: w.WriteNumberValue(number); break;
                default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }

        private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        private static string Base64Url(string text) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private sealed record Principal(AikynetixUserSeed User, bool HasPlan);
    }
}
