using SportsData.Aikynetix;

namespace SportsData.PowerShell.Aikynetix
{
    /// <summary>Changes the title and/or timestamp of AiKYNETIX sessions.</summary>
    [Cmdlet(VerbsCommon.Set, "ManagedSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ManagedSession))]
    public sealed class SetManagedSession : AikynetixCmdlet
    {
        /// <summary>The session to change (binds from Get-ManagedSession output).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string SessionId { get; set; } = string.Empty;

        /// <summary>The new title.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        /// <summary>The new session timestamp (sent as YYYY-MM-DD HH:MM:SS, seconds precision).</summary>
        [Parameter]
        public DateTime? Timestamp { get; set; }

        /// <summary>Write the updated session (read back from the API).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            if (Title == null && Timestamp == null)
            {
                ThrowFailure(SportsDataException.InvalidArgument("Title", "Give -Title, -Timestamp or both: there is nothing to change."), null);
            }
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            string change = (Title != null ? $"title to '{Title}'" : string.Empty) +
                            (Title != null && Timestamp != null ? " and " : string.Empty) +
                            (Timestamp != null ? $"timestamp to {FormatTimestamp(Timestamp.Value)}" : string.Empty);
            if (!ShouldProcess($"session {SessionId}", "Set " + change)) return;
            string id = SessionId;
            Run(id, async (channel, ct) =>
            {
                string? message = await Client.UpdateSessionAsync(id, Title, Timestamp, ct).ConfigureAwait(false);
                channel.Verbose("Aikynetix: " + (message ?? "session " + id + " updated."));
                if (!PassThru) return;
                ManagedSession? updated = await Client.GetSessionAsync(id, ct).ConfigureAwait(false);
                if (updated != null) channel.WriteObject(updated);
                else channel.WriteError(new SportsDataException(ErrorIds.Aikynetix.SessionNotFound, FailureKind.NotFound, $"Session '{id}' was updated but could not be read back.") { Target = id }, id);
            });
        }

        private static string FormatTimestamp(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
    }
}
