using SportsData.Auth;

namespace SportsData.PowerShell.Polar
{
    /// <summary>Closes a Polar connection and forgets it as the default; optionally deletes its token cache.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "PolarTeamPro", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class DisconnectPolarTeamPro : DisconnectCmdlet<PolarConnection>
    {
        /// <summary>Also delete the token cache file of the connection.</summary>
        [Parameter]
        public SwitchParameter ClearTokenCache { get; set; }

        protected override void ProcessRecord()
        {
            string? cachePath = ResolvedConnection.TokenCachePath;
            Disconnect(() =>
            {
                if (ClearTokenCache && cachePath != null && ShouldProcess(cachePath, "Delete token cache")) new TokenCache(cachePath).Delete();
            });
        }
    }
}
