namespace SportsData.PowerShell.Aikynetix
{
    /// <summary>Deletes AiKYNETIX sessions with their videos, reports and sub-collections.</summary>
    [Cmdlet(VerbsCommon.Remove, "ManagedSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveManagedSession : AikynetixCmdlet
    {
        /// <summary>The session to delete (binds from Get-ManagedSession output).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string SessionId { get; set; } = string.Empty;

        /// <summary>Delete without asking for confirmation (-WhatIf is still honoured; -Confirm still asks).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (!Confirmed()) return;
            string id = SessionId;
            Run(id, async (channel, ct) =>
            {
                string? message = await Client.DeleteSessionAsync(id, ct).ConfigureAwait(false);
                channel.Verbose("Aikynetix: " + (message ?? "session " + id + " deleted."));
            });
        }

        /// <summary>
        /// -WhatIf and -Confirm through ShouldProcess as usual; -Force skips the prompt that ConfirmImpact High
        /// would otherwise show, unless -Confirm is given explicitly.
        /// </summary>
        private bool Confirmed()
        {
            string target = $"session {SessionId}";
            const string action = "Delete the session with its videos, reports and sub-collections";
            bool skipPrompt = Force && !MyInvocation.BoundParameters.ContainsKey("Confirm") && !WhatIfRequested();
            return skipPrompt || ShouldProcess(target, action);
        }

        private bool WhatIfRequested() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? value)
                ? LanguagePrimitives.IsTrue(value)
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
    }
}
