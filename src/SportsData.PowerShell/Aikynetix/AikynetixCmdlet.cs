using System.Management.Automation;
using SportsData.Aikynetix;
using SportsData.Connections;

namespace SportsData.PowerShell.Aikynetix
{
    /// <summary>Base of the AiKYNETIX cmdlets: the -Connection parameter and the client behind it.</summary>
    public abstract class AikynetixCmdlet : VendorCmdlet<AikynetixConnection>
    {
        internal const string ConnectCmdlet = "Connect-Aikynetix";

        protected override string ConnectCmdletName => ConnectCmdlet;

        protected override string VendorName => "Aikynetix";

        protected AikynetixClient Client => AikynetixEngine.Of(ResolvedConnection).Client;
    }
}
