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

        /// <summary>The analysis flags: explicit switches, or what the piped session's activity implies.</summary>
        internal static (bool IsJump, bool IsWeight) AnalysisFlags(bool jump, bool weightlifting, string? activity) =>
            (jump || string.Equals(activity, "Vertical Jump", System.StringComparison.OrdinalIgnoreCase),
             weightlifting || string.Equals(activity, "Weightlifting", System.StringComparison.OrdinalIgnoreCase));
    }
}
