using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>The roster of a team as flat rows, one per player.</summary>
    [Cmdlet(VerbsCommon.Get, "PolarTeamPlayer")]
    [OutputType(typeof(PolarTeamPlayer))]
    public sealed class GetPolarTeamPlayer : TeamInputCmdlet<PolarTeamPlayer>
    {
        protected override async Task<IEnumerable<PolarTeamPlayer>> ReadTeamAsync(string teamId, CancellationToken cancellationToken) =>
            (await Client.GetTeamAsync(teamId, cancellationToken).ConfigureAwait(false)).Players;
    }
}
