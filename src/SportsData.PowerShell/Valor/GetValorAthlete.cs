using SportsData.Valor;

namespace SportsData.PowerShell.Valor
{
    /// <summary>The athletes of the Valor organisation; pipe them into Get-ValorSession.</summary>
    [Cmdlet(VerbsCommon.Get, "ValorAthlete", SupportsPaging = true)]
    [OutputType(typeof(ValorAthlete))]
    public sealed class GetValorAthlete : ValorCmdlet
    {
        /// <summary>Only these athletes (ids).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[]? AthleteId { get; set; }

        /// <summary>Only athletes whose full, first or last name matches (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        protected override void ProcessRecord()
        {
            WildcardPattern? pattern = Name == null ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            ulong skip = PagingSkip;
            ulong first = PagingParameters?.First ?? ulong.MaxValue;
            Run(null, async (channel, ct) =>
            {
                ulong seen = 0, written = 0;
                await foreach (ValorAthlete athlete in Client.GetAthletesAsync(ct).ConfigureAwait(false))
                {
                    if (AthleteId != null && !AthleteId.Contains(athlete.AthleteId, StringComparer.OrdinalIgnoreCase)) continue;
                    if (pattern != null && !(pattern.IsMatch(athlete.Name) || pattern.IsMatch(athlete.FirstName ?? string.Empty) || pattern.IsMatch(athlete.LastName ?? string.Empty))) continue;
                    if (seen++ < skip) continue;
                    if (written++ >= first) break;
                    channel.WriteObject(athlete);
                }
            });
        }
    }
}
