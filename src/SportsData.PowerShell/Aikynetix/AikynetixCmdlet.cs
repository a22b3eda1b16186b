using System.Management.Automation;
using SportsData.Aikynetix;
using SportsData.Connections;

namespace SportsData.PowerShell.Aikynetix
{
    /// <summary>Base of the AiKYNETIX cmdlets: the -Connection parameter and the client behind it.</summary>
    public abstract class AikynetixCmdlet : SportsDataCmdlet
    {
        internal const string ConnectCmdlet = "Connect-Aikynetix";
        internal const string VendorName = "Aikynetix";

        private AikynetixClient? _client;

        /// <summary>The connection to use; defaults to the one Connect-Aikynetix made last.</summary>
        [Parameter]
        public AikynetixConnection? Connection { get; set; }

        protected AikynetixClient Client
        {
            get
            {
                if (_client == null)
                {
                    try
                    {
                        AikynetixConnection connection = ConnectionRegistry.Resolve(Connection, ConnectCmdlet, VendorName);
                        _client = AikynetixEngine.Of(connection).Client;
                    }
                    catch (SportsDataException ex)
                    {
                        ThrowFailure(ex, Connection);
                    }
                }
                return _client!;
            }
        }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _ = Client; // fail fast, before any input is read, when there is no connection
        }

        /// <summary>The analysis flags: explicit switches, or what the piped session's activity implies.</summary>
        internal static (bool IsJump, bool IsWeight) AnalysisFlags(bool jump, bool weightlifting, string? activity) =>
            (jump || string.Equals(activity, "Vertical Jump", System.StringComparison.OrdinalIgnoreCase),
             weightlifting || string.Equals(activity, "Weightlifting", System.StringComparison.OrdinalIgnoreCase));
    }
}
