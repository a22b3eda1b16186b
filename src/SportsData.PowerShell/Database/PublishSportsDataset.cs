using SportsData.Database;
using SportsData.Sync;

namespace SportsData.PowerShell.Database
{
    /// <summary>
    /// Mirrors synced dataset folders into PostgreSQL, exactly once: one schema per vendor, one table per dataset
    /// table, one table per kind of sample file. Each table's changed rows and each sample file are applied in one
    /// transaction with their load record, so a rerun applies only what changed and a killed load loses nothing.
    /// Writes one PublishResult per dataset.
    /// </summary>
    [Cmdlet(VerbsData.Publish, "SportsDataset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PublishResult))]
    public sealed class PublishSportsDataset : SportsDataCmdlet
    {
        /// <summary>A dataset folder, or a Sync-SportsData root (each vendor folder in it is published). Binds from Sync-* results and from Get-ChildItem -Directory.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Npgsql connection string: Host=..;Port=..;Database=..;Username=.. (the password better in -Credential).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string ConnectionString { get; set; } = string.Empty;

        /// <summary>User name and password for the database (e.g. from Get-Secret); overrides Username= and Password= of -ConnectionString.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>The schema for a single dataset (default: the vendor's name: polar, valor, aikynetix).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Schema { get; set; }

        /// <summary>Sample files loaded at the same time, each on its own connection and in its own transaction (default 4).</summary>
        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = PublishOptions.DefaultThrottleLimit;

        protected override void ProcessRecord()
        {
            if (!DatasetPublisher.IsAvailable)
            {
                ThrowTerminatingError(ErrorRecords.From(DatasetPublisher.NotAvailable(), Path));
            }
            string path = SyncCommand.DatasetPath(this, Path);
            var options = new PublishOptions
            {
                Path = path,
                ConnectionString = ConnectionString,
                UserName = Credential?.UserName,
                Schema = Schema,
                ThrottleLimit = ThrottleLimit,
            };
            RunOrThrow(path, async (channel, ct) =>
            {
                // -WhatIf and -Confirm: asked once per dataset on the pipeline thread; a declined dataset is not touched.
                options.ShouldProcess = channel.ShouldProcessAsync;
                options.ReportError = channel.WriteError;
                options.WriteResult = channel.WriteObject;
                // Plain text only now, for the connection; never stored in the result, a message or the pipeline.
                options.Password = Credential != null ? SecretText.Reveal(Credential.Password) : null;
                await DatasetPublisher.PublishAsync(options, ct).ConfigureAwait(false);
            });
        }
    }
}
