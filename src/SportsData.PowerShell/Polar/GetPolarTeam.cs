using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>Lists the teams the account can read, or gets one team with its players and sport profiles.</summary>
    [Cmdlet(VerbsCommon.Get, "PolarTeam", SupportsPaging = true)]
    [OutputType(typeof(PolarTeam), typeof(PolarTeamDetails))]
    public sealed class GetPolarTeam : PolarListCmdlet
    {
        /// <summary>A team id: returns that team's details (players, sport profiles). Without it, lists the teams.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] TeamId { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            if (TeamId.Length == 0)
            {
                Run(null, (channel, ct) => WriteListingAsync(Client.GetTeamsAsync(PagingFor(channel), ct), channel, ct));
                return;
            }
            foreach (string id in TeamId)
            {
                Run(id, async (channel, ct) => channel.WriteObject(await Client.GetTeamAsync(id, ct).ConfigureAwait(false)));
            }
        }
    }
}
