using System;

namespace SportsData.Aikynetix
{
    /// <summary>
    /// Every AiKYNETIX path and query-parameter name the module uses, in one place. Paths are relative to the
    /// base URI and keep the documented trailing slashes. The ones marked "not public" are inferred: when the
    /// vendor's real name differs, change it here (<see cref="Defaults"/>) or per connection with
    /// Connect-Aikynetix -FetchByIdsPath / -UploadedByParameterName / -StateParameterName.
    /// </summary>
    public sealed class AikynetixRoutes
    {
        /// <summary>The values new connections start from. Settable, so a host can correct a name process-wide.</summary>
        public static AikynetixRoutes Defaults { get; set; } = new AikynetixRoutes();

        /// <summary>GET: all sessions of the user, as a map keyed by session id.</summary>
        public string Sessions { get; set; } = "session-management/sessions/";

        /// <summary>GET: filtered sessions, paged with start_after_id and limit.</summary>
        public string Filter { get; set; } = "session-management/sessions/filter/";

        /// <summary>PUT (update) and DELETE of one session; {session_id} is replaced. No trailing slash, as documented.</summary>
        public string Session { get; set; } = "session-management/sessions/{session_id}";

        /// <summary>GET (URL) and POST (generate) of the analyzed video; {session_id} is replaced.</summary>
        public string AnalyzedVideo { get; set; } = "session-management/sessions/{session_id}/analyzed-video/";

        /// <summary>POST {"session_ids": [...]}, admin only. Not public: inferred.</summary>
        public string FetchByIds { get; set; } = "session-management/sessions/fetch/";

        /// <summary>Body field of the fetch-by-ids request.</summary>
        public string FetchByIdsField { get; set; } = "session_ids";

        /// <summary>How many ids one fetch-by-ids request carries.</summary>
        public int FetchByIdsBatchSize { get; set; } = 10;

        /// <summary>Filter query parameter: the uploader (admin / sub-admin) id. Not public: inferred.</summary>
        public string UploadedByParameter { get; set; } = "uploaded_by";

        /// <summary>Filter query parameter: the processing state of the session video. Not public: inferred.</summary>
        public string StateParameter { get; set; } = "state";

        public AikynetixRoutes Clone() => (AikynetixRoutes)MemberwiseClone();

        public string SessionPath(string sessionId) => WithId(Session, sessionId);

        public string AnalyzedVideoPath(string sessionId) => WithId(AnalyzedVideo, sessionId);

        private static string WithId(string template, string sessionId) =>
            template.Replace("{session_id}", Uri.EscapeDataString(sessionId));
    }
}
