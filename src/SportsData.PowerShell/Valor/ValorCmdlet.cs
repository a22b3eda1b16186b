using SportsData.Valor;

namespace SportsData.PowerShell.Valor
{
    /// <summary>Base of the Valor cmdlets: the -Connection parameter and the client behind it.</summary>
    public abstract class ValorCmdlet : VendorCmdlet<ValorConnection>
    {
        protected ValorClient Client => ValorEngine.Of(ResolvedConnection).Client;
    }
}
