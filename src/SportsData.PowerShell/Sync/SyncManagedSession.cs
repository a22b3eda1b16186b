using System.Management.Automation;
using SportsData.Sync;
using SportsData.Sync.Aikynetix;

namespace SportsData.PowerShell.Aikynetix
{
    /// <summary>
    /// Keeps a folder of AiKYNETIX sessions up to date: sessions.csv with one row per session (changed sessions
    /// updated in place, deleted ones kept and marked deleted_at) and, with -IncludeVideos, each analyzed video once
    /// under videos/. Writes one ManagedSessionSyncResult.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "ManagedSession", SupportsShouldProcess = true)]
    [OutputType(typeof(ManagedSessionSyncResult))]
    public sealed class SyncManagedSession : AikynetixCmdlet
    {
        /// <summary>The dataset folder (created when missing).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Also download each analyzed video to videos/&lt;session_id&gt;.mp4 (again only when it changed).</summary>
        [Parameter]
        public SwitchParameter IncludeVideos { get; set; }

        /// <summary>Utf8NoBom (default, the dataset contract) or Utf8Bom: every .csv file written starts with a UTF-8 byte-order mark, so Excel shows accents right when the file is double-clicked.</summary>
        [Parameter]
        public CsvEncoding Encoding { get; set; } = CsvEncoding.Utf8NoBom;

        protected override void EndProcessing()
        {
            string path = SyncCommand.DatasetPath(this, Path);
            if (SyncCommand.Approve(this, path, "Sync AiKYNETIX sessions" + (IncludeVideos ? " and analyzed videos" : string.Empty), out bool preview))
            {
                var options = new ManagedSessionSyncOptions { Encoding = Encoding, Path = path, IncludeVideos = IncludeVideos };
                RunOrThrow(path, async (channel, ct) =>
                {
                    ManagedSessionSyncResult result = await ManagedSessionSync.RunAsync(Client, SyncCommand.Wire(options, channel, preview), ct).ConfigureAwait(false);
                    channel.WriteObject(result);
                });
            }
            base.EndProcessing();
        }
    }
}
