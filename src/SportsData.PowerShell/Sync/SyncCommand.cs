using SportsData.Sync;

namespace SportsData.PowerShell
{
    /// <summary>What the Sync-* cmdlets share: the dataset path, -WhatIf, and how a run reports to the pipeline.</summary>
    internal static class SyncCommand
    {
        /// <summary>
        /// -Path as a file-system path (relative to the current location; the folder need not exist yet). A path on
        /// another provider's drive stops the cmdlet with an error naming -Path.
        /// </summary>
        public static string DatasetPath(PSCmdlet cmdlet, string path)
        {
            string resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(SportsDataException.InvalidArgument("Path", $"-Path '{path}' is on the {provider.Name} drive. Pass a folder on the file system."), path));
            }
            return resolved;
        }

        /// <summary>
        /// ShouldProcess for the whole run. Returns false when the user declined (-Confirm); <paramref name="preview"/>
        /// is true under -WhatIf: the run then lists and reports what it would do, and writes nothing.
        /// </summary>
        public static bool Approve(PSCmdlet cmdlet, string folder, string what, out bool preview)
        {
            bool go = cmdlet.ShouldProcess($"{what} into the dataset folder \"{folder}\".", $"{what} into the dataset folder \"{folder}\"?",
                cmdlet.MyInvocation.MyCommand.Name, out ShouldProcessReason reason);
            preview = !go && reason == ShouldProcessReason.WhatIf;
            return go || preview;
        }

        /// <summary>Items are confirmed through ShouldProcess on the pipeline thread ("What if:" lines under -WhatIf); failed items become non-terminating errors.</summary>
        public static T Wire<T>(T options, PipelineChannel channel, bool preview, Action<Exception, object?>? reportError = null) where T : VendorSyncOptions
        {
            options.WhatIf = preview;
            options.ShouldProcess = channel.ShouldProcessAsync;
            options.ReportError = reportError ?? channel.WriteError;
            return options;
        }
    }

    /// <summary>
    /// Base of Sync-PolarTeamPro, Sync-Valor and Sync-ManagedSession: -Path and -Encoding, and the run: one ShouldProcess
    /// for the dataset folder (-WhatIf still lists, reading only, so it can say what a real run would fetch and write),
    /// then the vendor's sync with the cmdlet's options, which writes its one result.
    /// </summary>
    public abstract class VendorSyncCmdlet<TConnection, TOptions, TResult> : VendorCmdlet<TConnection>
        where TConnection : SportsDataConnection where TOptions : VendorSyncOptions where TResult : SyncResult
    {
        /// <summary>The dataset folder (created when missing). Only one sync can write to a folder at a time.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Utf8NoBom (default, the dataset contract) or Utf8Bom: every .csv file written starts with a UTF-8 byte-order mark, so Excel shows accents right when the file is double-clicked.</summary>
        [Parameter]
        public CsvEncoding Encoding { get; set; } = CsvEncoding.Utf8NoBom;

        /// <summary>What ShouldProcess says the run does ("Sync Valor sessions").</summary>
        protected abstract string What { get; }

        /// <summary>The vendor's options from the cmdlet's own parameters (the base sets Path, Encoding and the pipeline wiring).</summary>
        protected abstract TOptions Options();

        protected abstract Task<TResult> SyncAsync(TOptions options, CancellationToken cancellationToken);

        protected override void EndProcessing()
        {
            string folder = SyncCommand.DatasetPath(this, Path);
            if (SyncCommand.Approve(this, folder, What, out bool preview))
            {
                TOptions options = Options();
                options.Path = folder;
                options.Encoding = Encoding;
                RunOrThrow(folder, async (channel, ct) => channel.WriteObject(await SyncAsync(SyncCommand.Wire(options, channel, preview), ct).ConfigureAwait(false)));
            }
            base.EndProcessing();
        }
    }
}
