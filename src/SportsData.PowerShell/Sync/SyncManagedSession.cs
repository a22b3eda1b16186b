using SportsData.Aikynetix;
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
    public sealed class SyncManagedSession : VendorSyncCmdlet<AikynetixConnection, ManagedSessionSyncOptions, ManagedSessionSyncResult>
    {
        /// <summary>Also download each analyzed video to videos/&lt;session_id&gt;.mp4 (again only when it changed).</summary>
        [Parameter]
        public SwitchParameter IncludeVideos { get; set; }

        protected override string What => "Sync AiKYNETIX sessions" + (IncludeVideos ? " and analyzed videos" : string.Empty);

        protected override ManagedSessionSyncOptions Options() => new ManagedSessionSyncOptions { IncludeVideos = IncludeVideos };

        protected override Task<ManagedSessionSyncResult> SyncAsync(ManagedSessionSyncOptions options, CancellationToken cancellationToken) =>
            ManagedSessionSync.RunAsync(AikynetixEngine.Of(ResolvedConnection).Client, options, cancellationToken);
    }
}
