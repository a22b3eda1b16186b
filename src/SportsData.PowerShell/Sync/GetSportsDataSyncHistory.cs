using SportsData.Sync;

namespace SportsData.PowerShell
{
    /// <summary>
    /// The run log of a dataset folder (or of every dataset under a Sync-SportsData root) as objects, newest first:
    /// what each sync run did and whether it completed, failed, was killed or still runs. Reads only.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SportsDataSyncHistory")]
    [OutputType(typeof(SyncRunRecord))]
    public sealed class GetSportsDataSyncHistory : PSCmdlet
    {
        /// <summary>A dataset folder (the -Path of Sync-PolarTeamPro, Sync-Valor, Sync-ManagedSession) or a Sync-SportsData root.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Only the newest N runs (across all datasets under -Path).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Last { get; set; }

        protected override void ProcessRecord()
        {
            string folder = SyncCommand.DatasetPath(this, Path);
            System.Collections.Generic.IReadOnlyList<SyncRunRecord> runs;
            try
            {
                runs = SyncHistory.Read(folder, MyInvocation.BoundParameters.ContainsKey(nameof(Last)) ? Last : (int?)null);
            }
            catch (SportsDataException ex)
            {
                WriteError(ErrorRecords.From(ex, Path));
                return;
            }
            catch (System.Exception ex) when (ex is System.IO.IOException || ex is System.UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.From(SportsDataException.InvalidArgument("Path", $"Could not read the run log under -Path '{folder}': {ex.Message}"), Path));
                return;
            }
            foreach (SyncRunRecord run in runs) WriteObject(run);
        }
    }
}
