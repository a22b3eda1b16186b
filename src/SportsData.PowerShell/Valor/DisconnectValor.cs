namespace SportsData.PowerShell.Valor
{
    /// <summary>Closes a Valor connection and forgets it as the default (its listing state goes with it).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Valor", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class DisconnectValor : DisconnectCmdlet<ValorConnection>
    {
    }
}
