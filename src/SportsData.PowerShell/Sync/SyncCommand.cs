using System.Management.Automation;
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
        public static T Wire<T>(T options, PipelineChannel channel, bool preview) where T : VendorSyncOptions
        {
            options.WhatIf = preview;
            options.ShouldProcess = channel.ShouldProcessAsync;
            options.ReportError = channel.WriteError;
            return options;
        }
    }
}
