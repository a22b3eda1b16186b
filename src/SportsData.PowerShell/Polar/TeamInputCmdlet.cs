namespace SportsData.PowerShell.Polar
{
    /// <summary>Base of the cmdlets that list something of each team given (ids, or teams piped in).</summary>
    public abstract class TeamInputCmdlet<TOutput> : PolarCmdlet where TOutput : notnull
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] TeamId { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            foreach (string id in TeamId)
            {
                Run(id, async (channel, ct) =>
                {
                    foreach (TOutput item in await ReadTeamAsync(id, ct).ConfigureAwait(false)) channel.WriteObject(item);
                });
            }
        }

        protected abstract Task<IEnumerable<TOutput>> ReadTeamAsync(string teamId, CancellationToken cancellationToken);
    }
}
