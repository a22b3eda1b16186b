using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Http;

namespace SportsData.Sync
{
    /// <summary>
    /// The one sync loop every vendor runs through (each vendor is an <see cref="ISyncAdapter"/>): takes the dataset
    /// (<see cref="SyncRun"/>: lock, state, committer, run log) or under -WhatIf only reads it (<see cref="SyncPreview"/>),
    /// lists batch by batch, classifies each item against the state (new, changed, unchanged; an item listed twice in a
    /// run counts once), asks ShouldProcess, fetches up to the adapter's concurrency at once, stores in listing order,
    /// records each failed item (reported, counted, retried next run), marks deletions with the run's start, reports
    /// progress and logs the run. Writes follow <see cref="SyncCommitter"/>: data files, then tables, then state.
    /// </summary>
    public static class SyncEngine
    {
        /// <summary>Runs one sync of <paramref name="adapter"/> and returns <paramref name="result"/> filled in (requests counted on <paramref name="transport"/>).</summary>
        public static async Task<TResult> RunAsync<TResult>(ISyncAdapter adapter, VendorSyncOptions options, ApiTransport? transport, TResult result, CancellationToken cancellationToken)
            where TResult : SyncResult
        {
            if (adapter == null) throw new ArgumentNullException(nameof(adapter));
            if (options == null) throw new ArgumentNullException(nameof(options));
            result.Account = options.Account;
            if (options.WhatIf)
            {
                SyncPreview preview = SyncPreview.Start(result, options.Path, transport);
                await new Loop(adapter, new SyncContext(options, result, preview.Folder, preview.State, null)).RunAsync(cancellationToken).ConfigureAwait(false);
                return preview.Complete(result);
            }
            using SyncRun run = SyncRun.Start(options.Path, result, transport, options.Checkpoint);
            run.Committer.BeforeWrite = options.BeforeWrite;
            run.Committer.Encoding = options.Encoding;
            await new Loop(adapter, new SyncContext(options, result, run.DatasetFolder, run.State, run)).RunAsync(cancellationToken).ConfigureAwait(false);
            run.Complete();
            return result;
        }

        private sealed class Loop
        {
            private readonly ISyncAdapter _adapter;
            private readonly SyncContext _context;
            private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
            private readonly Stopwatch _clock = Stopwatch.StartNew();
            private long _listed;
            private long _toFetch;
            private long _fetched;

            public Loop(ISyncAdapter adapter, SyncContext context)
            {
                _adapter = adapter;
                _context = context;
            }

            private SyncResult Result => _context.Result;

            public async Task RunAsync(CancellationToken cancellationToken)
            {
                _adapter.Open(_context);
                await foreach (IReadOnlyList<SyncItem> batch in _adapter.ListAsync(_context, cancellationToken).ConfigureAwait(false))
                {
                    List<SyncItem> work = Classify(batch);
                    await NoticesAsync().ConfigureAwait(false);
                    await WorkAsync(work, cancellationToken).ConfigureAwait(false);
                }
                await NoticesAsync().ConfigureAwait(false);
                _adapter.Close(_context);
            }

            private List<SyncItem> Classify(IReadOnlyList<SyncItem> batch)
            {
                var work = new List<SyncItem>();
                foreach (SyncItem item in batch)
                {
                    if (!_seen.Add(item.Stream.Name + "\u001f" + item.Key)) continue; // listed twice (moved between pages, or a resumed walk)
                    if (item.Counts) _listed++;
                    item.Status = _adapter.Classify(item, item.Stream.Classify(item.Key, item.Version), _context);
                    if (item.Status == SyncItemStatus.Unchanged)
                    {
                        if (item.Counts) Result.Unchanged++;
                        continue;
                    }
                    work.Add(item);
                    if (item.Fetches) _toFetch++;
                }
                Progress();
                return work;
            }

            /// <summary>Confirms items in order, fetches up to the adapter's concurrency at once and stores them in listing order.</summary>
            private async Task WorkAsync(List<SyncItem> work, CancellationToken cancellationToken)
            {
                int limit = Math.Max(1, _adapter.Concurrency);
                var pending = new Queue<(SyncItem Item, Task<object?>? Fetch)>();
                bool listingRows = false;
                try
                {
                    foreach (SyncItem item in work)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        string action = item.Action ?? $"Fetch ({item.Status.ToString().ToLowerInvariant()}) and write into the dataset {_context.Folder}";
                        bool go = await _context.Options.ConfirmAsync(item.Target, action).ConfigureAwait(false);
                        if (_context.IsPreview)
                        {
                            Count(item); // what a run would do
                            continue;
                        }
                        if (!go) continue;
                        while (pending.Count >= limit) await StoreNextAsync(pending, cancellationToken).ConfigureAwait(false);
                        listingRows |= !item.Fetches;
                        pending.Enqueue((item, item.Fetches ? _adapter.FetchAsync(item, _context, cancellationToken) : null));
                    }
                    while (pending.Count > 0) await StoreNextAsync(pending, cancellationToken).ConfigureAwait(false);
                    if (listingRows) _context.Checkpoint(); // rows stored from a listing are saved before the fetches that follow
                }
                catch
                {
                    // The run stops: let fetches still under way end before the lock is released, so nothing writes after it.
                    foreach ((SyncItem _, Task<object?>? fetch) in pending)
                    {
                        if (fetch == null) continue;
                        try
                        {
                            await fetch.ConfigureAwait(false);
                        }
                        catch (Exception)
                        {
                        }
                    }
                    throw;
                }
            }

            private async Task StoreNextAsync(Queue<(SyncItem Item, Task<object?>? Fetch)> pending, CancellationToken cancellationToken)
            {
                (SyncItem item, Task<object?>? fetch) = pending.Peek();
                object? output = null;
                bool stored;
                try
                {
                    if (fetch != null) output = await fetch.ConfigureAwait(false);
                    stored = _adapter.Store(item, output, _context);
                }
                catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    _context.Report(ex, item.Key);
                    stored = false;
                }
                pending.Dequeue();
                if (stored)
                {
                    item.Stream.SetVersion(item.Key, item.Version);
                    Count(item);
                }
                else
                {
                    item.Stream.MarkFailed(item.Key);
                    _context.CountFailure();
                }
                if (!item.Fetches) return;
                _fetched++;
                _context.ItemCompleted();
                Progress();
            }

            private void Count(SyncItem item)
            {
                if (!item.Counts) return;
                if (item.Status == SyncItemStatus.New) Result.New++;
                else Result.Changed++;
            }

            /// <summary>Under -WhatIf: a "What if:" line per item marked deleted.</summary>
            private async Task NoticesAsync()
            {
                foreach ((string target, string action) in _context.TakeNotices())
                {
                    await _context.Options.ConfirmAsync(target, action).ConfigureAwait(false);
                }
            }

            private void Progress()
            {
                if (_listed == 0 && _toFetch == 0) return;
                string eta = string.Empty;
                if (_fetched > 0 && _fetched < _toFetch)
                {
                    TimeSpan left = TimeSpan.FromTicks(_clock.Elapsed.Ticks / _fetched * (_toFetch - _fetched));
                    eta = ", about " + (left.TotalHours >= 1 ? left.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : left.ToString(@"m\:ss", CultureInfo.InvariantCulture)) + " left";
                }
                string status = string.Format(CultureInfo.InvariantCulture, "{0} of {1} {2}, {3:N0} rows, {4:N0} bytes, {5} listed{6}",
                    _fetched, _toFetch, _adapter.ItemNoun, Result.Rows, _context.BytesWritten, _listed, eta);
                _context.Log.Progress(_adapter.Activity, status, _fetched, _toFetch);
            }
        }
    }
}
