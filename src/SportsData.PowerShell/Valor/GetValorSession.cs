using SportsData.Valor;

namespace SportsData.PowerShell.Valor
{
    /// <summary>
    /// Recorded movement sessions of the organisation or of one athlete, streamed page by page. A listing that
    /// is stopped early (Ctrl+C, Select-Object -First, -First) continues with -Resume.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ValorSession", SupportsPaging = true)]
    [OutputType(typeof(ValorSession))]
    public sealed class GetValorSession : ValorCmdlet
    {
        /// <summary>Only this athlete's sessions; leave out for every athlete.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string? AthleteId { get; set; }

        /// <summary>Sessions per request (Valor's limit parameter). Binds from piped listing states, so -Resume picks that listing.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, ValorClient.MaxPageSize)]
        public int PageSize { get; set; } = ValorClient.DefaultPageSize;

        /// <summary>Continue the listing of this athlete that stopped early, from where it stopped.</summary>
        [Parameter]
        public SwitchParameter Resume { get; set; }

        protected override void ProcessRecord()
        {
            ulong skip = PagingSkip;
            var query = new ValorSessionQuery
            {
                AthleteId = AthleteId,
                PageSize = Resume && !MyInvocation.BoundParameters.ContainsKey(nameof(PageSize)) ? (int?)null : PageSize,
                MaxItems = PagingCap,
                Resume = Resume,
                AcknowledgeOnDelivery = true,
            };
            Run(AthleteId, async (channel, ct) =>
            {
                ulong seen = 0;
                await foreach (ValorSession session in Client.GetSessionsAsync(query, ct).ConfigureAwait(false))
                {
                    if (seen++ < skip)
                    {
                        ValorListingState.Acknowledge(session);
                        continue;
                    }
                    channel.WriteObject(session, () => ValorListingState.Acknowledge(session));
                }
            });
        }
    }

    /// <summary>Where this connection's session listings stand: complete, or stopped and resumable.</summary>
    [Cmdlet(VerbsCommon.Get, "ValorSessionListing")]
    [OutputType(typeof(ValorListingState))]
    public sealed class GetValorSessionListing : ValorCmdlet
    {
        /// <summary>Only the listings of this athlete.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string? AthleteId { get; set; }

        /// <summary>Only listings that stopped early and can be resumed.</summary>
        [Parameter]
        public SwitchParameter Incomplete { get; set; }

        protected override void ProcessRecord()
        {
            foreach (ValorListingState listing in ResolvedConnection.Listings)
            {
                if (!string.IsNullOrEmpty(AthleteId) && !string.Equals(listing.AthleteId, AthleteId, StringComparison.OrdinalIgnoreCase)) continue;
                if (Incomplete && listing.IsComplete) continue;
                WriteObject(listing);
            }
        }
    }
}
