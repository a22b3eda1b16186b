using System.Management.Automation;
using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>The sport profiles (zones, sprint thresholds, GPS settings) of a team.</summary>
    [Cmdlet(VerbsCommon.Get, "PolarSportProfile")]
    [OutputType(typeof(PolarSportProfile))]
    public sealed class GetPolarSportProfile : PolarCmdlet
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
                    foreach (PolarSportProfile profile in await Client.GetSportProfilesAsync(id, ct).ConfigureAwait(false)) channel.WriteObject(profile);
                });
            }
        }
    }
}
