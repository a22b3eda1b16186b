namespace SportsData.PowerShell.Aikynetix
{
    /// <summary>Closes an AiKYNETIX connection and forgets it as the default.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Aikynetix", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class DisconnectAikynetix : DisconnectCmdlet<AikynetixConnection>
    {
    }
}
