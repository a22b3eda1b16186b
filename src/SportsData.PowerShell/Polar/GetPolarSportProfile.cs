using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>The sport profiles (zones, sprint thresholds, GPS settings) of a team.</summary>
    [Cmdlet(VerbsCommon.Get, "PolarSportProfile")]
    [OutputType(typeof(PolarSportProfile))]
    public sealed class GetPolarSportProfile : TeamInputCmdlet<PolarSportProfile>
    {
        protected override async Task<IEnumerable<PolarSportProfile>> ReadTeamAsync(string teamId, CancellationToken cancellationToken) =>
            await Client.GetSportProfilesAsync(teamId, cancellationToken).ConfigureAwait(false);
    }
}
