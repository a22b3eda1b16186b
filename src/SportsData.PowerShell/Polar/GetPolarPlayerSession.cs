using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>A player's training sessions in a time range, or one player session in detail (optionally with samples).</summary>
    /// <remarks>One parameter set on purpose: participants carry both PlayerId and PlayerSessionId; the ids decide.</remarks>
    [Cmdlet(VerbsCommon.Get, "PolarPlayerSession", SupportsPaging = true)]
    [OutputType(typeof(PolarPlayerSession), typeof(PolarPlayerSessionDetails))]
    public sealed class GetPolarPlayerSession : PolarListCmdlet
    {
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Lists this player's sessions (with -PlayerSessionId: context for the output).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string? PlayerId { get; set; }

        /// <summary>Only sessions that started after this time (the session's local start time).</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        [Parameter]
        public DateTime? Until { get; set; }

        /// <summary>ALL (default), TEAM or INDIVIDUAL sessions.</summary>
        [Parameter]
        [ValidateSet("ALL", "TEAM", "INDIVIDUAL", IgnoreCase = true)]
        public string Type { get; set; } = "ALL";

        /// <summary>One player session: returns its details (wins over -PlayerId).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public string PlayerSessionId { get; set; } = string.Empty;

        /// <summary>The team session the player session belongs to (context for the output).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? TeamSessionId { get; set; }

        /// <summary>Include the 10 Hz samples (all types unless -SampleType narrows them) in the Samples property.</summary>
        [Parameter]
        public SwitchParameter Samples { get; set; }

        /// <summary>Which sample types -Samples includes.</summary>
        [Parameter]
        public PolarSampleType[] SampleType { get; set; } = { PolarSampleType.All };

        protected override void ProcessRecord()
        {
            if (!string.IsNullOrEmpty(PlayerSessionId))
            {
                if (!_seen.Add(PlayerSessionId))
                {
                    WriteVerbose($"Player session {PlayerSessionId} was already written; skipping the duplicate.");
                    return;
                }
                PolarSampleType types = Samples ? PolarSampleTypes.Combine(SampleType) : PolarSampleType.None;
                Run(PlayerSessionId, async (channel, ct) =>
                {
                    PolarPlayerSessionDetails details = await Client.GetPlayerSessionAsync(PlayerSessionId, types, PlayerId, TeamSessionId, ct).ConfigureAwait(false);
                    channel.WriteObject(details);
                });
                return;
            }
            if (string.IsNullOrEmpty(PlayerId))
            {
                WriteError(ErrorRecords.From(SportsDataException.InvalidArgument("PlayerId", "Give -PlayerId to list a player's sessions, or -PlayerSessionId for one session (or pipe in players, participants or sessions)."), null));
                return;
            }
            // A session reached through a team and through the player listing is written once.
            Run(PlayerId, (channel, ct) => WriteListingAsync(Client.GetPlayerSessionsAsync(PlayerId!, Since, Until, Type, PagingFor(channel), ct), channel, ct,
                session => _seen.Add(session.PlayerSessionId)));
        }
    }
}
