using System.Management.Automation;
using SportsData.Connections;
using SportsData.Valor;

namespace SportsData.PowerShell.Valor
{
    /// <summary>Base of the Valor cmdlets: the -Connection parameter and the client behind it.</summary>
    public abstract class ValorCmdlet : SportsDataCmdlet
    {
        /// <summary>The connection to use; defaults to the one Connect-Valor made last.</summary>
        [Parameter]
        public ValorConnection? Connection { get; set; }

        private ValorConnection? _resolved;

        protected ValorConnection ResolvedConnection
        {
            get
            {
                if (_resolved == null)
                {
                    try
                    {
                        _resolved = ConnectionRegistry.Resolve(Connection, "Connect-Valor", "Valor");
                    }
                    catch (SportsDataException ex)
                    {
                        ThrowFailure(ex, Connection);
                    }
                }
                return _resolved!;
            }
        }

        protected ValorClient Client
        {
            get
            {
                try
                {
                    return ValorEngine.Of(ResolvedConnection).Client;
                }
                catch (SportsDataException ex)
                {
                    ThrowFailure(ex, Connection);
                    throw; // not reached
                }
            }
        }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _ = Client; // fail fast, before any input is read, when there is no connection
        }
    }
}
