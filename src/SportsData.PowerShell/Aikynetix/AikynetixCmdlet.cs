using SportsData.Aikynetix;

namespace SportsData.PowerShell.Aikynetix
{
    /// <summary>Base of the AiKYNETIX cmdlets: the -Connection parameter and the client behind it.</summary>
    public abstract class AikynetixCmdlet : VendorCmdlet<AikynetixConnection>
    {
        protected AikynetixClient Client => AikynetixEngine.Of(ResolvedConnection).Client;
    }
}
