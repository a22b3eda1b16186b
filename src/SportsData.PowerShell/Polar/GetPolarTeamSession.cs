using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>A team's training sessions in a time range, or one team session with participants and markers.</summary>
    /// <remarks>
    /// One parameter set on purpose: a team session piped in carries both TeamId and TeamSessionId, and
    /// PowerShell would bind it to the default (listing) set; the ids decide instead.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "PolarTeamSession", SupportsPaging = true)]
    [OutputType(typeof(PolarTeamSession), typeof(PolarTeamSessionDetails))]
    public sealed class GetPolarTeamSession : PolarListCmdlet
    {
        /// <summary>Lists this team's sessions.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string TeamId { get; set; } = string.Empty;

        /// <summary>Only sessions recorded after this time (compared with the session's local record start time).</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary>Only sessions recorded before this time.</summary>
        [Parameter]
        public DateTime? Until { get; set; }

        /// <summary>One team session: returns its details with participants, markers and zones (wins over -TeamId).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public string TeamSessionId { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            if (!string.IsNullOrEmpty(TeamSessionId))
            {
                Run(TeamSessionId, async (channel, ct) => channel.WriteObject(await Client.GetTeamSessionAsync(TeamSessionId, ct).ConfigureAwait(false)));
                return;
            }
            if (string.IsNullOrEmpty(TeamId))
            {
                WriteError(ErrorRecords.From(SportsDataException.InvalidArgument("TeamId", "Give -TeamId to list a team's sessions, or -TeamSessionId for one session (or pipe in teams or sessions)."), null));
                return;
            }
            Run(TeamId, (channel, ct) => WriteListingAsync(Client.GetTeamSessionsAsync(TeamId, Since, Until, PagingFor(channel), ct), channel, ct));
        }
    }
}
