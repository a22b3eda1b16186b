using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using SportsData.Json;

namespace SportsData.Aikynetix
{
    /// <summary>Reads AiKYNETIX response bodies: session objects to <see cref="ManagedSession"/>, filter pages, video answers, write messages.</summary>
    internal static class AikynetixMapper
    {
        private static readonly string[] TimeFormats = { "hh:mm tt", "h:mm tt", "hh:mm:ss tt", "h:mm:ss tt", "HH:mm", "H:mm", "HH:mm:ss" };
        private static readonly string[] DateFormats = { "dd/MM/yyyy", "d/M/yyyy" };

        /// <summary>A session from the map; <paramref name="key"/> is its map key, which is the session id.</summary>
        public static ManagedSession Session(string? key, JsonRecord r)
        {
            string? idField = r.String("id") ?? r.String("session_id");
            string id = !string.IsNullOrEmpty(key) ? key! : idField ?? throw new SportsDataException(ErrorIds.Aikynetix.InvalidResponse, FailureKind.InvalidData, "A session in the response has neither a map key nor an id field.");
            var session = new ManagedSession
            {
                SessionId = id,
                Title = r.String("title"),
                Activity = r.String("activity"),
                CreatedAt = CreatedAt(r.Raw("created_at")),
                UserId = r.String("user_id"),
                UserName = r.String("user_name"),
                Segments = r.Int("segments"),
                Exercise = r.String("exercise"),
                State = r.String("state") ?? r.String("processing_state") ?? r.String("status"),
                UploadedBy = r.String("uploaded_by") ?? r.String("uploader_id"),
                VideoUrl = r.String("video_url"),
                AnalyzedVideoUrl = r.String("analyzed_video_url"),
                Metrics = NestedObject(r, "metrics"),
                ReportComments = NestedObject(r, "report_comments"),
            };
            session.AdditionalProperties = r.Remaining();
            return session;
        }

        /// <summary>{"date":"DD/MM/YYYY","time":"HH:MM AM/PM"}, or an ISO text; the time zone is unknown, so the kind is Unspecified.</summary>
        public static DateTime? CreatedAt(JsonElement? value)
        {
            if (value == null) return null;
            JsonElement element = value.Value;
            if (element.ValueKind == JsonValueKind.Object)
            {
                // A raw Firestore timestamp ({"_seconds": ...}) instead of the documented date/time pair: UTC.
                foreach (string seconds in new[] { "_seconds", "seconds" })
                {
                    if (element.TryGetProperty(seconds, out JsonElement s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out long unix))
                    {
                        return DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime;
                    }
                }
                string? date = Text(element, "date");
                string? time = Text(element, "time");
                if (string.IsNullOrWhiteSpace(date)) return null;
                if (!DateTime.TryParseExact(date!.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime day)) return null;
                if (!string.IsNullOrWhiteSpace(time) &&
                    DateTime.TryParseExact(time!.Trim().ToUpperInvariant(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.NoCurrentDateDefault, out DateTime clock))
                {
                    day = day.Add(clock.TimeOfDay);
                }
                return DateTime.SpecifyKind(day, DateTimeKind.Unspecified);
            }
            if (element.ValueKind == JsonValueKind.String &&
                DateTime.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime parsed))
            {
                return DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified);
            }
            return null;
        }

        /// <summary>The wire form of the filter dates: dd/mm/yyyy.</summary>
        public static string FilterDate(DateTime value) => value.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture);

        /// <summary>The wire form of an updated timestamp: YYYY-MM-DD HH:MM:SS.</summary>
        public static string Timestamp(DateTime value) => value.ToString("yyyy'-'MM'-'dd' 'HH':'mm':'ss", CultureInfo.InvariantCulture);

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        /// <summary>A nested object as a dictionary; any other shape is left for AdditionalProperties so nothing is lost.</summary>
        private static IDictionary<string, object?> NestedObject(JsonRecord r, string name)
        {
            if (!r.Element.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.Object)
            {
                if (!r.Has(name)) r.Ignore(name);
                return new FieldMap();
            }
            r.Ignore(name);
            return (IDictionary<string, object?>)JsonRecord.ToPlain(value)!;
        }

        public static ManagedSessionVideo Video(JsonDocument document, string sessionId, bool isJump, bool isWeight, bool download)
        {
            var record = new JsonRecord(document.RootElement);
            string? url = record.String("analyzed_video_url") ?? record.String("url");
            if (string.IsNullOrEmpty(url))
            {
                throw new SportsDataException(ErrorIds.Aikynetix.NoAnalyzedVideo, FailureKind.InvalidData, $"AiKYNETIX returned no analyzed_video_url for session '{sessionId}'.") { Target = sessionId };
            }
            return new ManagedSessionVideo
            {
                SessionId = sessionId,
                Url = url,
                IsDownloadUrl = download,
                IsJump = isJump,
                IsWeight = isWeight,
                AdditionalProperties = record.Remaining(),
            };
        }

        /// <summary>
        /// The message of a successful write. Not checked: the status says the write was done, and a write is never
        /// repeated for its answer's body.
        /// </summary>
        public static string? SuccessMessage(HttpResponseMessage response, ArraySegment<byte> body)
        {
            if (body.Count == 0) return null;
            try
            {
                using JsonDocument document = JsonDocument.Parse(body.AsMemory());
                return FirstString(document.RootElement, "success", "message");
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>A JSON object; anything else (cut short, not JSON, an HTML page) is an invalid body.</summary>
        public static JsonDocument ParseObject(ArraySegment<byte> body)
        {
            JsonDocument document = JsonDocument.Parse(body.AsMemory());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new JsonException("the response is not a JSON object");
            }
            if (document.RootElement.TryGetProperty("sessions", out JsonElement sessions) && sessions.ValueKind != JsonValueKind.Object && sessions.ValueKind != JsonValueKind.Array && sessions.ValueKind != JsonValueKind.Null)
            {
                document.Dispose();
                throw new JsonException("\"sessions\" is neither a map nor a list");
            }
            return document;
        }

        /// <summary>"sessions" as a map keyed by id (documented) or as an array of objects with an id field.</summary>
        public static List<ManagedSession> Sessions(JsonElement root)
        {
            var result = new List<ManagedSession>();
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sessions", out JsonElement sessions)) return result;
            if (sessions.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in sessions.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Object) result.Add(AikynetixMapper.Session(property.Name, new JsonRecord(property.Value)));
                }
            }
            else if (sessions.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in sessions.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object) result.Add(AikynetixMapper.Session(null, new JsonRecord(item)));
                }
            }
            return result;
        }

        public static string? FirstString(JsonElement root, params string[] names)
        {
            if (root.ValueKind != JsonValueKind.Object) return null;
            foreach (string name in names)
            {
                if (root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(value.GetString())) return value.GetString();
            }
            return null;
        }

        /// <summary>A page of the filter endpoint: its sessions, the id to start after, and query_count when sent.</summary>
        public static AikynetixFilterPage FilterPage(JsonElement root)
        {
            long? count = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("query_count", out JsonElement c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out long n) ? n : (long?)null;
            string? last = FirstString(root, "last_doc_id", "last_uid", "last_id");
            return new AikynetixFilterPage(Sessions(root), last, count);
        }
    }

    /// <summary>One page of the filter endpoint.</summary>
    internal sealed class AikynetixFilterPage
    {
        public AikynetixFilterPage(List<ManagedSession> sessions, string? lastId, long? queryCount)
        {
            Sessions = sessions;
            LastId = lastId;
            QueryCount = queryCount;
        }

        public List<ManagedSession> Sessions { get; }
        public string? LastId { get; }
        public long? QueryCount { get; }
    }
}
