using System;
using System.Collections.Generic;

namespace SportsData.Aikynetix
{
    /// <summary>The filters of GET /session-management/sessions/filter/. All optional.</summary>
    public sealed class AikynetixSessionFilter
    {
        public string? Activity { get; set; }

        /// <summary>Sessions created on or after this day (sent as dd/mm/yyyy: the time of day is not used).</summary>
        public DateTime? CreatedAfter { get; set; }

        /// <summary>Sessions created on or before this day (sent as dd/mm/yyyy).</summary>
        public DateTime? CreatedBefore { get; set; }

        /// <summary>Case-insensitive substring of the title.</summary>
        public string? Title { get; set; }

        public string? UserId { get; set; }

        public string? UploadedBy { get; set; }

        public string? State { get; set; }

        public bool IsEmpty =>
            string.IsNullOrEmpty(Activity) && CreatedAfter == null && CreatedBefore == null && string.IsNullOrEmpty(Title) &&
            string.IsNullOrEmpty(UserId) && string.IsNullOrEmpty(UploadedBy) && string.IsNullOrEmpty(State);

        /// <summary>The query parameters (unescaped) for these filters, with the names from <paramref name="routes"/>.</summary>
        internal IEnumerable<KeyValuePair<string, string>> ToQuery(AikynetixRoutes routes)
        {
            if (CreatedAfter != null && CreatedBefore != null && CreatedAfter.Value.Date > CreatedBefore.Value.Date)
            {
                throw SportsDataException.InvalidArgument("CreatedAfter",
                    $"-CreatedAfter ({CreatedAfter:yyyy-MM-dd}) is after -CreatedBefore ({CreatedBefore:yyyy-MM-dd}): no session can match. Swap or correct them.");
            }
            if (!string.IsNullOrEmpty(Activity)) yield return Pair("activity", Activity!);
            if (CreatedAfter != null) yield return Pair("start_date", AikynetixMapper.FilterDate(CreatedAfter.Value));
            if (CreatedBefore != null) yield return Pair("end_date", AikynetixMapper.FilterDate(CreatedBefore.Value));
            if (!string.IsNullOrEmpty(Title)) yield return Pair("title", Title!);
            if (!string.IsNullOrEmpty(UserId)) yield return Pair("user_id", UserId!);
            if (!string.IsNullOrEmpty(UploadedBy)) yield return Pair(routes.UploadedByParameter, UploadedBy!);
            if (!string.IsNullOrEmpty(State)) yield return Pair(routes.StateParameter, State!);
        }

        private static KeyValuePair<string, string> Pair(string name, string value) => new KeyValuePair<string, string>(name, value);
    }
}
