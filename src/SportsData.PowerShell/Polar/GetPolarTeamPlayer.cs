using System.Management.Automation;
using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>The roster of a team as flat rows, one per player.</summary>
    [Cmdlet(VerbsCommon.Get, "PolarTeamPlayer")]
    [OutputType(typeof(PolarTeamPlayer))]
    public sealed class GetPolarTeamPlayer : PolarCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] TeamId { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            foreach (string id in TeamId)
            {
                Run(id, async (channel, ct) =>
                {
                    PolarTeamDetails team = await Client.GetTeamAsync(id, ct).ConfigureAwait(false);
                    foreach (PolarTeamPlayer player in team.Players) channel.WriteObject(player);
                });
            }
        }
    }
}
