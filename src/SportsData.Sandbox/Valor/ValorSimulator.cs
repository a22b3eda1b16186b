using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SportsData.Sandbox.Valor
{
    /// <summary>
    /// The Valor API behind API Gateway and Lambda, under /production: GET /athletes, /sessions, /reportData,
    /// /ikData (plus /assessments and /exercises). Answers in the Lambda envelope {"statusCode","body":"<JSON
    /// text>"}, pages sessions with limit + X-Continuation-Token (JSON-encoded, "" first, null at the end),
    /// 404 for no sessions, 500 "Endpoint request timed out" for an unpaged listing too big to answer in time,
    /// and API Gateway's 401 {"message":"Unauthorized"} without a valid Cognito ID token.
    /// </summary>
    public sealed class ValorSimulator : ISimulatorModule
    {
        public const string Prefix = "/production/";
        public const string TokenHeader = "X-Continuation-Token";
        private static readonly JsonWriterOptions Relaxed = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private readonly Lazy<ValorDemoData> _data;
        private readonly ConcurrentQueue<int> _envelopeErrors = new ConcurrentQueue<int>();
        private readonly LateArrivalSchedule _arrivals;

        public ValorSimulator(SandboxOptions options)
        {
            _data = new Lazy<ValorDemoData>(() => new ValorDemoData(options.AnchorDate));
            _arrivals = new LateArrivalSchedule(options, MaxTimedArrivals);
        }

        /// <summary>At most this many sessions arrive by the clock in the interactive sandbox.</summary>
        public const int MaxTimedArrivals = 30;

        public CognitoSimulator Cognito { get; } = new CognitoSimulator();

        public ValorDemoData Data => _data.Value;

        /// <summary>Continuation tokens as strings instead of DynamoDB-style key objects.</summary>
        public bool TokensAsStrings { get; set; }

        /// <summary>The envelope's body as JSON (an array or object) instead of JSON text.</summary>
        public bool BodyAsJson { get; set; }

        /// <summary>
        /// Like DynamoDB, a page that ends exactly at the last session still carries a token, and the page after
        /// it is empty with a null token. On by default.
        /// </summary>
        public bool TrailingEmptyPage { get; set; } = true;

        /// <summary>Leave the token out of the last page instead of sending null.</summary>
        public bool OmitNullToken { get; set; }

        /// <summary>Unpaged listings larger than this time out (HTTP 500, as the API documents).</summary>
        public int UnpagedTimeoutThreshold { get; set; } = 250;

        /// <summary>Serve at most this many IK frames per session (null: all, 60 per second of the session). Keeps tests of many sessions fast.</summary>
        public int? IKFrameLimit { get; set; }

        /// <summary>"X-Continuation-Token" values received, oldest first.</summary>
        public ConcurrentQueue<string?> ReceivedTokens { get; } = new ConcurrentQueue<string?>();

        /// <summary>The next data requests answer HTTP 200 with this statusCode inside the envelope (a Lambda error).</summary>
        public void AddEnvelopeError(int statusCode, int times = 1)
        {
            for (int i = 0; i < times; i++) _envelopeErrors.Enqueue(statusCode);
        }

        public SimResponse? Handle(SimRequest request)
        {
            string[]? segments = request.SegmentsAfter(Prefix);
            if (segments == null && request.Path != "/production") return null;
            if (segments == null || segments.Length != 1 || request.Method != "GET") return SimResponse.Message(403, "Missing Authentication Token");
            string resource = segments[0];
            if (!(resource == "sessions" || resource == "athletes" || resource == "reportData" || resource == "ikData" || resource == "assessments" || resource == "exercises"))
            {
                return SimResponse.Message(403, "Missing Authentication Token");
            }
            string? authorization = request.Header("Authorization");
            if (authorization == null) return SimResponse.Message(401, "Unauthorized");
            if (!Cognito.IsValidIdToken(request.BearerToken)) return SimResponse.Message(401, "Unauthorized");
            int due = _arrivals.Due;
            if (due > 0) Data.ArriveUpTo(due);
            if (_envelopeErrors.TryDequeue(out int innerStatus))
            {
                return Envelope(innerStatus, w => { w.WriteStartObject(); w.WriteString("message", innerStatus >= 500 ? "Endpoint request timed out" : "Error " + innerStatus); w.WriteEndObject(); }, null, false);
            }
            switch (resource)
            {
                case "sessions": return Sessions(request);
                case "athletes": return Envelope(200, WriteAthletes, null, false);
                case "reportData": return ForSession(request, WriteReport, session => session.ReportMissing);
                case "ikData": return ForSession(request, (w, session) => WriteIK(w, session, IKFrameLimit));
                case "assessments":
                    return Envelope(200, w =>
                    {
                        w.WriteStartArray();
                        foreach (var group in Data.Sessions.Where(s => !s.AssessmentId.Equals("singleExercise", StringComparison.Ordinal)).GroupBy(s => s.AssessmentId))
                        {
                            w.WriteStartObject();
                            w.WriteString("Assessment ID", group.Key);
                            w.WriteString("Athlete ID", group.First().Athlete.Id);
                            w.WriteString("Date", Iso(group.Min(s => s.Date)));
                            w.WriteNumber("Sessions", group.Count());
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                    }, null, false);
                default:
                    return Envelope(200, w =>
                    {
                        w.WriteStartArray();
                        foreach (ValorExercise exercise in ValorDemoData.Exercises)
                        {
                            w.WriteStartObject();
                            w.WriteString("Exercise ID", exercise.Id);
                            w.WriteString("Name", exercise.Name);
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                    }, null, false);
            }
        }

        private SimResponse Sessions(SimRequest request)
        {
            string? header = request.Header(TokenHeader);
            ReceivedTokens.Enqueue(header);
            if (header == null) return SimResponse.Message(400, "Missing X-Continuation-Token header");
            string? after;
            try
            {
                using JsonDocument token = JsonDocument.Parse(header);
                JsonElement root = token.RootElement;
                if (root.ValueKind == JsonValueKind.String) after = root.GetString();
                else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Session ID", out JsonElement id) && id.ValueKind == JsonValueKind.String) after = id.GetString();
                else return SimResponse.Message(400, "Invalid continuation token");
            }
            catch (JsonException)
            {
                return SimResponse.Message(400, "Invalid continuation token: it must be JSON-encoded");
            }

            string? athleteId = request.QueryValue("athleteID");
            ValorSessionSeed[] sessions = string.IsNullOrEmpty(athleteId) ? Data.Sessions : Data.Sessions.Where(s => s.Athlete.Id == athleteId).ToArray();
            if (sessions.Length == 0) return SimResponse.Message(404, "No sessions found");

            string? limitText = request.QueryValue("limit");
            int limit = int.MaxValue;
            if (!string.IsNullOrEmpty(limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
            {
                return SimResponse.Message(400, "limit must be a positive integer");
            }
            int start = 0;
            if (!string.IsNullOrEmpty(after))
            {
                int index = Array.FindIndex(sessions, s => s.Id == after);
                if (index < 0) return SimResponse.Message(400, "Invalid continuation token");
                start = index + 1;
            }
            int count = Math.Max(0, Math.Min(limit, sessions.Length - start));
            if (limit == int.MaxValue && count > UnpagedTimeoutThreshold) return SimResponse.Message(500, "Endpoint request timed out");
            ValorSessionSeed? last = count > 0 ? sessions[start + count - 1] : null;
            bool more = last != null && (start + count < sessions.Length || (TrailingEmptyPage && limit != int.MaxValue && count == limit));
            return Envelope(200, w =>
            {
                w.WriteStartArray();
                for (int i = start; i < start + count; i++) WriteSession(w, sessions[i]);
                w.WriteEndArray();
            }, more ? last : null, true);
        }

        private SimResponse ForSession(SimRequest request, Action<Utf8JsonWriter, ValorSessionSeed> write, Func<ValorSessionSeed, bool>? missing = null)
        {
            string? key = request.QueryValue("s3Key");
            if (string.IsNullOrEmpty(key)) return SimResponse.Message(400, "Missing s3Key query parameter");
            ValorSessionSeed? session = Data.FindByS3Key(key!);
            if (session == null || (missing != null && missing(session))) return SimResponse.Message(404, "No data found for s3Key " + key);
            return Envelope(200, w => write(w, session), null, false);
        }

        /// <summary>The Lambda proxy envelope: statusCode, optional continuation token, and body as JSON text.</summary>
        private SimResponse Envelope(int statusCode, Action<Utf8JsonWriter> writeBody, ValorSessionSeed? next, bool paged)
        {
            var inner = new MemoryStream();
            using (var writer = new Utf8JsonWriter(inner, Relaxed)) writeBody(writer);
            string bodyText = System.Text.Encoding.UTF8.GetString(inner.ToArray());
            var outer = new MemoryStream();
            using (var w = new Utf8JsonWriter(outer, Relaxed))
            {
                w.WriteStartObject();
                w.WriteNumber("statusCode", statusCode);
                if (paged && (next != null || !OmitNullToken))
                {
                    w.WritePropertyName(TokenHeader);
                    if (next == null) w.WriteNullValue();
                    else if (TokensAsStrings) w.WriteStringValue(next.Id);
                    else
                    {
                        w.WriteStartObject();
                        w.WriteString("Session ID", next.Id);
                        w.WriteString("Athlete ID", next.Athlete.Id);
                        w.WriteString("Date", Iso(next.Date));
                        w.WriteEndObject();
                    }
                }
                w.WritePropertyName("body");
                if (BodyAsJson) w.WriteRawValue(bodyText, skipInputValidation: true);
                else w.WriteStringValue(bodyText);
                w.WriteEndObject();
            }
            return new SimResponse(200, outer.ToArray());
        }

        private static string Iso(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private void WriteAthletes(Utf8JsonWriter w)
        {
            w.WriteStartArray();
            foreach (ValorAthleteSeed athlete in Data.Athletes)
            {
                w.WriteStartObject();
                w.WriteString("Athlete ID", athlete.Id);
                w.WriteString("FirstName", athlete.FirstName);
                w.WriteString("LastName", athlete.LastName);
                w.WriteString("Email", (athlete.FirstName + "." + athlete.LastName).ToLowerInvariant() + "@example.org");
                w.WriteString("Group", athlete.Group);
                w.WriteString("Organization ID", ValorDemoData.OrganizationId);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static void WriteSession(Utf8JsonWriter w, ValorSessionSeed session)
        {
            w.WriteStartObject();
            w.WriteString("Session ID", session.Id);
            w.WriteString("Date", Iso(session.Date));
            w.WriteString("s3Key", session.S3Key);
            w.WriteNumber("Duration", session.DurationSeconds);
            w.WriteString("Athlete ID", session.Athlete.Id);
            w.WriteString("Assessment ID", session.AssessmentId);
            w.WriteString("Exercise ID", session.Exercise.Id);
            w.WriteString("Session Name", session.Exercise.Name);
            w.WriteString("Organization ID", ValorDemoData.OrganizationId);
            w.WriteNumber("Frame Rate", 60);
            w.WriteEndObject();
        }

        private static string Title(string joint) => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(joint.Replace('_', ' '));

        /// <summary>{"WorkoutMetrics":{"Ang":{metric:{side:{AvgMax,Score}}},"Vel":{...}}}: L/R for limbs, F/B for the trunk.</summary>
        private static void WriteReport(Utf8JsonWriter w, ValorSessionSeed session)
        {
            var random = new DemoRandom("report:" + session.Id);
            w.WriteStartObject();
            w.WriteStartObject("WorkoutMetrics");
            foreach (string group in new[] { "Ang", "Vel" })
            {
                w.WriteStartObject(group);
                foreach (string joint in session.Exercise.SidedJoints.Concat(session.Exercise.CentralJoints))
                {
                    bool sided = session.Exercise.SidedJoints.Contains(joint);
                    w.WriteStartObject(Title(joint));
                    foreach (string side in sided ? new[] { "L", "R" } : new[] { "F", "B" })
                    {
                        w.WriteStartObject(side);
                        w.WriteNumber("AvgMax", Math.Round(group == "Ang" ? random.Between(20, 130) : random.Between(50, 400), 2));
                        w.WriteNumber("Score", random.Next(40, 101));
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteNumber("Reps", random.Next(3, 12));
            w.WriteEndObject();
        }

        /// <summary>60 Hz arrays: time, then per joint the angle, _vel and _acc (limbs as joint_l / joint_r).</summary>
        private static void WriteIK(Utf8JsonWriter w, ValorSessionSeed session, int? frameLimit)
        {
            int frames = Math.Min(session.FrameCount, frameLimit ?? int.MaxValue);
            var random = new DemoRandom("ik:" + session.Id);
            w.WriteStartObject();
            w.WriteStartArray("time");
            for (int i = 0; i < frames; i++) w.WriteNumberValue(Math.Round(i / 60.0, 4));
            w.WriteEndArray();
            var joints = session.Exercise.SidedJoints.SelectMany(j => new[] { j + "_l", j + "_r" }).Concat(session.Exercise.CentralJoints);
            foreach (string joint in joints)
            {
                double amplitude = random.Between(20, 60), baseline = random.Between(0, 20), period = random.Between(1.5, 4);
                double omega = 2 * Math.PI / period;
                WriteSeries(w, joint, frames, t => baseline + amplitude * (1 - Math.Cos(omega * t)) / 2);
                WriteSeries(w, joint + "_vel", frames, t => amplitude * omega * Math.Sin(omega * t) / 2);
                WriteSeries(w, joint + "_acc", frames, t => amplitude * omega * omega * Math.Cos(omega * t) / 2);
            }
            w.WriteEndObject();
        }

        private static void WriteSeries(Utf8JsonWriter w, string name, int frames, Func<double, double> value)
        {
            w.WriteStartArray(name);
            for (int i = 0; i < frames; i++) w.WriteNumberValue(Math.Round(value(i / 60.0), 3));
            w.WriteEndArray();
        }
    }
}
