using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace SportsData.Aikynetix
{
    /// <summary>
    /// One AiKYNETIX video-analysis session (GET /session-management/sessions/ and the filter endpoint).
    /// A flat row for Export-Csv; <see cref="Metrics"/> and <see cref="ReportComments"/> keep the nested detail as hidden
    /// properties ($session.Metrics), and Get-ManagedSessionReport turns them into rows of numbers and text.
    /// </summary>
    public class ManagedSession
    {
        /// <summary>The session id: the key of the session in the API's map (binds to -SessionId).</summary>
        public string SessionId { get; set; } = string.Empty;

        public string? Title { get; set; }

        /// <summary>Running, Weightlifting, Vertical Jump, Mobility Assessment...</summary>
        public string? Activity { get; set; }

        /// <summary>
        /// created_at (date DD/MM/YYYY + time HH:MM AM/PM) as one value. The API does not say which time zone
        /// it is in, so it is kept as sent (<see cref="DateTimeKind.Unspecified"/>).
        /// </summary>
        public DateTime? CreatedAt { get; set; }

        public string? UserId { get; set; }

        public string? UserName { get; set; }

        /// <summary>Number of video segments.</summary>
        public int? Segments { get; set; }

        /// <summary>Exercise, where the activity has one (e.g. clean_and_jerk).</summary>
        public string? Exercise { get; set; }

        /// <summary>Processing state of the session video, when the API sends one.</summary>
        public string? State { get; set; }

        /// <summary>The admin or sub-admin who uploaded the video, when the API sends it.</summary>
        public string? UploadedBy { get; set; }

        public string? VideoUrl { get; set; }

        public string? AnalyzedVideoUrl { get; set; }

        public bool HasAnalyzedVideo => !string.IsNullOrEmpty(AnalyzedVideoUrl);

        /// <summary>The metrics object as sent (nested dictionaries, lists and values). Rows: Get-ManagedSessionReport.</summary>
        [Hidden]
        public IDictionary<string, object?> Metrics { get; set; } = new FieldMap();

        /// <summary>The report_comments object as sent. Rows: Get-ManagedSessionReport.</summary>
        [Hidden]
        public IDictionary<string, object?> ReportComments { get; set; } = new FieldMap();

        /// <summary>Every other field the API sent for this session.</summary>
        [Hidden] // kept for scripts ($row.AdditionalProperties); out of Export-Csv, which writes scalar columns only
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new FieldMap();

        public override string ToString() => Title ?? SessionId;
    }

    /// <summary>The analyzed video of a session: its URL, and where it was saved when downloaded.</summary>
    public class ManagedSessionVideo
    {
        public string SessionId { get; set; } = string.Empty;

        /// <summary>The analyzed video URL (often a signed, time-limited storage URL: treat it as a secret link).</summary>
        public string? Url { get; set; }

        /// <summary>True when the URL was requested with download=true (a signed URL that forces a download).</summary>
        public bool IsDownloadUrl { get; set; }

        /// <summary>The request asked for jump analysis (is_jump).</summary>
        public bool IsJump { get; set; }

        /// <summary>The request asked for weightlifting analysis (is_weight).</summary>
        public bool IsWeight { get; set; }

        /// <summary>Full path of the downloaded file, when -OutFile was given.</summary>
        public string? Path { get; set; }

        /// <summary>Size of the downloaded file in bytes, when -OutFile was given.</summary>
        public long? Length { get; set; }

        [Hidden] // kept for scripts ($row.AdditionalProperties); out of Export-Csv, which writes scalar columns only

        public IDictionary<string, object?> AdditionalProperties { get; set; } = new FieldMap();

        public override string ToString() => Path ?? SessionId; // never the signed URL: it is a working credential
    }

    /// <summary>
    /// One value of a session's metrics or report comments (Get-ManagedSessionReport): a long-format row, one per
    /// session and value path, numbers in <see cref="Value"/>, text (comments) in <see cref="Text"/>. The dataset's
    /// sessions.csv has the same value in the column <c>Section.Name</c> (e.g. <c>metrics.joint_angles.knee_flexion_deg</c>).
    /// </summary>
    public class ManagedSessionReportValue
    {
        public string SessionId { get; set; } = string.Empty;

        public string? Title { get; set; }

        public string? Activity { get; set; }

        public string? Exercise { get; set; }

        public DateTime? CreatedAt { get; set; }

        public string? UserId { get; set; }

        public string? UserName { get; set; }

        /// <summary>"metrics" or "report_comments": the object of the session the value comes from.</summary>
        public string Section { get; set; } = string.Empty;

        /// <summary>The path of the value in its section, '.' between object keys and [i] for list items (joint_angles.knee_flexion_deg).</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>The value when it is a number (true/false as 1/0); null for text.</summary>
        public double? Value { get; set; }

        /// <summary>The value when it is text (comments), or true/false; null for numbers.</summary>
        public string? Text { get; set; }

        public override string ToString() => Section + "." + Name;
    }

    /// <summary>How an API key is sent: the API-KEY header (default) or Authorization: API-KEY &lt;key&gt;.</summary>
    public enum AikynetixApiKeyStyle
    {
        ApiKeyHeader,
        AuthorizationHeader,
    }
}
