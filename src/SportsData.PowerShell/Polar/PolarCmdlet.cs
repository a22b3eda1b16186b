using SportsData.Http;
using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>Base of the Polar cmdlets: the -Connection parameter and the client behind it.</summary>
    public abstract class PolarCmdlet : VendorCmdlet<PolarConnection>
    {
        protected PolarClient Client => PolarSession.Of(ResolvedConnection).Client;
    }

    /// <summary>A Polar listing with -First/-Skip (SupportsPaging) and -PageSize.</summary>
    public abstract class PolarListCmdlet : PolarCmdlet
    {
        /// <summary>Items per request (1-100). Larger pages mean fewer requests against the rate limit.</summary>
        [Parameter]
        [ValidateRange(1, PolarClient.MaxPageSize)]
        public int PageSize { get; set; } = PolarClient.MaxPageSize;

        /// <summary>Page size and cap from -PageSize, -First and -Skip; -IncludeTotalCount writes the server's total first.</summary>
        protected PagingOptions PagingFor(PipelineChannel channel) =>
            new PagingOptions(PageSize, PagingCap) { ReportTotal = TotalCountWriter(channel) };
    }
}
