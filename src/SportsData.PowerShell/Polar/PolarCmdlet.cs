using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using SportsData.Connections;
using SportsData.Http;
using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>Base of the Polar cmdlets: the -Connection parameter and the client behind it.</summary>
    public abstract class PolarCmdlet : SportsDataCmdlet
    {
        /// <summary>The connection to use; defaults to the one Connect-PolarTeamPro made last.</summary>
        [Parameter]
        public PolarConnection? Connection { get; set; }

        private PolarClient? _client;

        protected PolarClient Client
        {
            get
            {
                if (_client == null)
                {
                    try
                    {
                        PolarConnection connection = ConnectionRegistry.Resolve(Connection, "Connect-PolarTeamPro", "Polar");
                        _client = PolarSession.Of(connection).Client;
                    }
                    catch (SportsDataException ex)
                    {
                        ThrowFailure(ex, Connection);
                    }
                }
                return _client!;
            }
        }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _ = Client; // fail fast, before any input is read, when there is no connection
        }
    }

    /// <summary>A Polar listing with -First/-Skip (SupportsPaging) and -PageSize.</summary>
    public abstract class PolarListCmdlet : PolarCmdlet
    {
        /// <summary>Items per request (1-100). Larger pages mean fewer requests against the rate limit.</summary>
        [Parameter]
        [ValidateRange(1, PolarClient.MaxPageSize)]
        public int PageSize { get; set; } = PolarClient.MaxPageSize;

        /// <summary>Page size and cap from -PageSize, -First and -Skip; -IncludeTotalCount writes the server's total first.</summary>
        protected PagingOptions PagingFor(PipelineChannel channel)
        {
            ulong first = PagingParameters?.First ?? ulong.MaxValue;
            ulong skip = PagingParameters?.Skip ?? 0;
            long? cap = first == ulong.MaxValue ? (long?)null : (long)Math.Min((ulong)long.MaxValue, first + skip);
            var paging = new PagingOptions(PageSize, cap);
            if (PagingParameters != null && PagingParameters.IncludeTotalCount)
            {
                paging.ReportTotal = total => channel.WriteObject(PagingParameters.NewTotalCount((ulong)total, 1.0));
            }
            return paging;
        }

        /// <summary>Writes a listing as it arrives, honouring -Skip; <paramref name="include"/> can drop items (duplicates).</summary>
        protected async Task WriteListingAsync<T>(IAsyncEnumerable<T> items, PipelineChannel channel, System.Threading.CancellationToken cancellationToken, Func<T, bool>? include = null) where T : notnull
        {
            ulong skip = PagingParameters?.Skip ?? 0;
            ulong seen = 0;
            await foreach (T item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (seen++ < skip) continue;
                if (include != null && !include(item)) continue;
                channel.WriteObject(item);
            }
        }
    }
}
