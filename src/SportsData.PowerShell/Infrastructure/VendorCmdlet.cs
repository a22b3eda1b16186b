namespace SportsData.PowerShell
{
    /// <summary>
    /// Base of one vendor's cmdlets: the -Connection parameter, resolved to the session default when omitted,
    /// with a clear terminating error (naming the Connect- cmdlet) before any input is read when there is none.
    /// </summary>
    public abstract class VendorCmdlet<TConnection> : SportsDataCmdlet where TConnection : SportsDataConnection
    {
        private TConnection? _resolved;

        /// <summary>The connection to use; defaults to the one the vendor's Connect- cmdlet made last.</summary>
        [Parameter]
        public TConnection? Connection { get; set; }

        /// <summary>The vendor's Connect- cmdlet, for messages.</summary>
        protected static string ConnectCmdletName => Names.ConnectCmdlet;

        /// <summary>The vendor's name, for messages and error ids.</summary>
        protected static string VendorName => Names.Vendor;

        private static readonly (string Vendor, string ConnectCmdlet) Names = VendorNames.Of(typeof(TConnection));

        protected TConnection ResolvedConnection => _resolved ??= Checked(() => ConnectionRegistry.Resolve(Connection, ConnectCmdletName, VendorName), _ => Connection);

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _ = ResolvedConnection; // fail fast, before any input is read, when there is no connection
        }
    }

    /// <summary>Each vendor's name (in messages and error ids) and Connect- cmdlet, by its connection type.</summary>
    internal static class VendorNames
    {
        public static (string Vendor, string ConnectCmdlet) Of(Type connectionType) =>
            connectionType == typeof(PolarConnection) ? ("Polar", "Connect-PolarTeamPro")
            : connectionType == typeof(ValorConnection) ? ("Valor", "Connect-Valor")
            : connectionType == typeof(AikynetixConnection) ? ("Aikynetix", "Connect-Aikynetix")
            : throw new ArgumentException("Not a vendor connection: " + connectionType.Name, nameof(connectionType));
    }
}
