using SportsData.Aikynetix;
using SportsData.Http;

namespace SportsData.PowerShell.Aikynetix
{
    /// <summary>
    /// Lists the user's AiKYNETIX sessions (all, or filtered and paged), or fetches sessions by id (admin accounts).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ManagedSession", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(ManagedSession))]
    public sealed class GetManagedSession : AikynetixCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        /// <summary>Sessions by id, with the admin fetch endpoint.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] SessionId { get; set; } = Array.Empty<string>();

        /// <summary>Activity type: Running, Weightlifting, Vertical Jump or Mobility Assessment.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ArgumentCompleter(typeof(ActivityCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Activity { get; set; }

        /// <summary>Sessions created on or after this day (the time of day is ignored).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("Since")]
        public DateTime? CreatedAfter { get; set; }

        /// <summary>Sessions created on or before this day (the time of day is ignored).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("Until")]
        public DateTime? CreatedBefore { get; set; }

        /// <summary>Sessions whose title contains this text (case-insensitive).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        /// <summary>Sessions of this user id.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? UserId { get; set; }

        /// <summary>Sessions whose video this admin / sub-admin id uploaded.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? UploadedBy { get; set; }

        /// <summary>Processing state of the session video (e.g. analyzed).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? State { get; set; }

        /// <summary>Sessions per request (limit) on the filter endpoint. Giving it (or -First) pages even without filters.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, AikynetixClient.MaxPageSize)]
        public int PageSize { get; set; } = 100;

        private ManagedSessionLookup? _lookup;

        private ManagedSessionLookup Lookup => _lookup ??= new ManagedSessionLookup(Client);

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                // Ids from the pipeline are collected into batches, so piping many ids costs few requests.
                if (Lookup.Add(SessionId)) FetchPending();
                return;
            }
            var filter = new AikynetixSessionFilter
            {
                Activity = Activity,
                CreatedAfter = CreatedAfter,
                CreatedBefore = CreatedBefore,
                Title = Title,
                UserId = UserId,
                UploadedBy = UploadedBy,
                State = State,
            };
            var paging = new PagingOptions(PageSize, PagingCap);
            bool pageSizeChosen = MyInvocation.BoundParameters.ContainsKey(nameof(PageSize));
            Run(null, (channel, ct) => WriteListingAsync(Lookup.ListAsync(filter, paging, pageSizeChosen, ct, TotalCountWriter(channel)), channel, ct));
        }

        protected override void EndProcessing()
        {
            if (_lookup != null && _lookup.HasPending) FetchPending();
            base.EndProcessing();
        }

        private void FetchPending()
        {
            string[] ids = Lookup.TakePending();
            Run(ids.Length == 1 ? ids[0] : null, (channel, ct) => Lookup.FetchAsync(ids, channel.WriteObject, channel.WriteError, ct));
        }
    }
}
