using System.IO;
using SportsData.Aikynetix;

namespace SportsData.PowerShell.Aikynetix
{
    /// <summary>Base of the analyzed-video cmdlets: the session, and which analysis (explicit, or implied by its activity).</summary>
    public abstract class AnalyzedVideoCmdlet : AikynetixCmdlet
    {
        /// <summary>The session (binds from Get-ManagedSession output).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string SessionId { get; set; } = string.Empty;

        /// <summary>The session's activity (binds from Get-ManagedSession output): Vertical Jump implies -Jump, Weightlifting implies -Weightlifting.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Activity { get; set; }

        /// <summary>Jump analysis (is_jump).</summary>
        [Parameter]
        public SwitchParameter Jump { get; set; }

        /// <summary>Weightlifting analysis (is_weight).</summary>
        [Parameter]
        public SwitchParameter Weightlifting { get; set; }

        /// <summary>The analysis flags: explicit switches, or what the piped session's activity implies.</summary>
        protected (bool IsJump, bool IsWeight) Analysis =>
            (Jump || string.Equals(Activity, "Vertical Jump", System.StringComparison.OrdinalIgnoreCase),
             Weightlifting || string.Equals(Activity, "Weightlifting", System.StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Gets the analyzed video URL of sessions, or downloads the video to a file.</summary>
    [Cmdlet(VerbsCommon.Get, "ManagedSessionVideo", DefaultParameterSetName = UrlSet)]
    [OutputType(typeof(ManagedSessionVideo))]
    public sealed class GetManagedSessionVideo : AnalyzedVideoCmdlet
    {
        private const string UrlSet = "Url";
        private const string DownloadSet = "Download";

        /// <summary>Ask for a signed URL that forces a download (download=true).</summary>
        [Parameter(ParameterSetName = UrlSet)]
        public SwitchParameter DownloadUrl { get; set; }

        /// <summary>Download the video to this file, or into this folder as &lt;SessionId&gt;.mp4.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DownloadSet)]
        [Alias("Path")]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; } = string.Empty;

        /// <summary>Overwrite an existing file.</summary>
        [Parameter(ParameterSetName = DownloadSet)]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            string id = SessionId;
            var (isJump, isWeight) = Analysis;
            if (ParameterSetName == UrlSet)
            {
                bool download = DownloadUrl;
                Run(id, async (channel, ct) => channel.WriteObject(await Client.GetAnalyzedVideoAsync(id, isJump, isWeight, download, ct).ConfigureAwait(false)));
                return;
            }
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
            if (Directory.Exists(path)) path = System.IO.Path.Combine(path, SportsData.Sync.DatasetFileName.Segment(id) + ".mp4");
            try
            {
                // Before asking for the URL: the GET creates the analyzed video when it is missing.
                path = SportsData.Http.ParameterCheck.FileInExistingFolder(path, "OutFile");
            }
            catch (SportsDataException ex)
            {
                WriteError(ErrorRecords.From(ex, id));
                return;
            }
            bool overwrite = Force;
            Run(id, async (channel, ct) =>
            {
                ManagedSessionVideo video = await Client.GetAnalyzedVideoAsync(id, isJump, isWeight, true, ct).ConfigureAwait(false);
                video.Length = await Client.DownloadAsync(id, video.Url!, path, overwrite, ct).ConfigureAwait(false);
                video.Path = path;
                channel.WriteObject(video);
            });
        }
    }

    /// <summary>Asks AiKYNETIX to generate (or regenerate) the analyzed video of sessions.</summary>
    [Cmdlet(VerbsLifecycle.Request, "ManagedSessionVideo", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ManagedSessionVideo))]
    public sealed class RequestManagedSessionVideo : AnalyzedVideoCmdlet
    {
        protected override void ProcessRecord()
        {
            string id = SessionId;
            var (isJump, isWeight) = Analysis;
            if (!ShouldProcess($"session {id}", "Generate the analyzed video" + (isJump ? " (jump analysis)" : isWeight ? " (weightlifting analysis)" : string.Empty))) return;
            Run(id, async (channel, ct) => channel.WriteObject(await Client.RequestAnalyzedVideoAsync(id, isJump, isWeight, ct).ConfigureAwait(false)));
        }
    }
}
