namespace SportsData.Http
{
    /// <summary>How a listing is paged: page size sent to the API and an optional cap on items returned.</summary>
    public sealed class PagingOptions
    {
        public PagingOptions(int pageSize, long? maxItems = null)
        {
            PageSize = pageSize;
            MaxItems = maxItems;
        }

        public int PageSize { get; }

        /// <summary>Stop after this many items; no page beyond the one that reaches it is fetched.</summary>
        public long? MaxItems { get; }

        /// <summary>Called once with the server's total item count, when the API reports one (-IncludeTotalCount).</summary>
        public System.Action<long>? ReportTotal { get; set; }

        /// <summary>
        /// The page size to send on every page. When the cap is below the page size one smaller page is enough;
        /// otherwise the size stays the same on every page, because changing it mid-listing shifts the offsets.
        /// </summary>
        public int EffectivePageSize => MaxItems != null && MaxItems.Value > 0 && MaxItems.Value < PageSize ? (int)MaxItems.Value : PageSize;
    }
}
