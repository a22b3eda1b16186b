using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
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

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                GetById();
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
            long? cap = PagingCap;
            // The list endpoint returns everything in one response; the filter endpoint pages, so a cap never
            // downloads more than it needs.
            bool paged = !filter.IsEmpty || cap != null || MyInvocation.BoundParameters.ContainsKey(nameof(PageSize));
            Run(null, (channel, ct) =>
            {
                Action<long>? total = TotalCountWriter(channel);
                return WriteListingAsync(
                    paged ? Client.FindSessionsAsync(filter, new PagingOptions(PageSize, cap), ct, total) : Client.GetSessionsAsync(cap, ct, total),
                    channel, ct);
            });
        }

        /// <summary>Ids from the pipeline are collected into batches, so piping many ids costs few requests.</summary>
        private void GetById()
        {
            foreach (string id in SessionId)
            {
                if (string.IsNullOrWhiteSpace(id) || !_queuedIds.Add(id)) continue;
                _pendingIds.Add(id);
            }
            if (_pendingIds.Count >= Math.Max(1, Client.Routes.FetchByIdsBatchSize)) FlushIds();
        }

        protected override void EndProcessing()
        {
            if (_pendingIds.Count > 0) FlushIds();
            base.EndProcessing();
        }

        private readonly List<string> _pendingIds = new List<string>();
        private readonly HashSet<string> _queuedIds = new HashSet<string>(StringComparer.Ordinal);

        private void FlushIds()
        {
            string[] ids = _pendingIds.ToArray();
            _pendingIds.Clear();
            Run(ids.Length == 1 ? ids[0] : null, async (channel, ct) =>
            {
                var found = new HashSet<string>(StringComparer.Ordinal);
                try
                {
                    await foreach (ManagedSession session in Client.GetSessionsByIdAsync(ids, ct).ConfigureAwait(false))
                    {
                        found.Add(session.SessionId);
                        channel.WriteObject(session);
                    }
                }
                catch (Exception ex) when (ids.Length > 1 && !ct.IsCancellationRequested && !(ex is PipelineStoppedException))
                {
                    // A failed batch: every id not delivered gets its own error record.
                    foreach (string failed in ids.Where(id => !found.Contains(id))) channel.WriteError(ex, failed);
                    return;
                }
                foreach (string missing in ids.Where(id => !found.Contains(id)))
                {
                    channel.WriteError(new SportsDataException(ErrorIds.Aikynetix.SessionNotFound, FailureKind.NotFound, $"AiKYNETIX returned no session '{missing}'.") { Target = missing }, missing);
                }
            });
        }
    }
}
