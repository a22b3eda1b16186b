using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.PowerShell
{
    internal static class AsyncEnumerableExtensions
    {
        /// <summary>Writes each item to the pipeline channel as it arrives; returns how many were written.</summary>
        public static async Task<long> WriteAllAsync<T>(this IAsyncEnumerable<T> source, PipelineChannel channel, CancellationToken cancellationToken) where T : notnull
        {
            long count = 0;
            await foreach (T item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                channel.WriteObject(item);
                count++;
            }
            return count;
        }
    }
}
