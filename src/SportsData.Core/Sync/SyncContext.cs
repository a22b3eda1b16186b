using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Http;

namespace SportsData.Sync
{
    /// <summary>
    /// One run as an adapter sees it: the dataset's tables, files and state, the run's start (every deletion mark of
    /// the run carries it), and where failures and rows are counted. Under -WhatIf (<see cref="IsPreview"/>) tables
    /// are read but never written, and the deletion marks only count.
    /// </summary>
    public sealed class SyncContext
    {
        private readonly SyncRun? _run;
        private readonly List<(string Target, string Action)> _pendingNotices = new List<(string, string)>();

        internal SyncContext(VendorSyncOptions options, SyncResult result, string folder, SyncStateStore state, SyncRun? run)
        {
            Options = options;
            Result = result;
            Folder = folder;
            State = state;
            _run = run;
        }

        public VendorSyncOptions Options { get; }

        /// <summary>The run's result; the engine fills the counts, adapters only their vendor's extra fields (under a lock on it).</summary>
        public SyncResult Result { get; }

        /// <summary>The dataset folder (full path).</summary>
        public string Folder { get; }

        public SyncStateStore State { get; }

        /// <summary>-WhatIf: nothing is fetched or written.</summary>
        public bool IsPreview => _run == null;

        /// <summary>When the run started (UTC): the one <c>deleted_at</c> of every row this run marks.</summary>
        public DateTime RunStart => Result.StartTime;

        public IRequestLog Log => RequestLog.Current;

        /// <summary>Bytes written so far in this run.</summary>
        public long BytesWritten => _run?.Committer.BytesWritten ?? 0;

        /// <summary>A table of the dataset (relative path): written at checkpoints in a real run, only read under -WhatIf.</summary>
        public KeyedCsvTable Table(string relativePath, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns) =>
            _run != null ? _run.Committer.Table(relativePath, columns, keyColumns) : KeyedCsvTable.Load(FullPath(relativePath), columns, keyColumns);

        /// <summary>Full path of a file given relative to the dataset folder ('/' separators).</summary>
        public string FullPath(string relativePath) => Path.Combine(Folder, relativePath.Replace('/', Path.DirectorySeparatorChar));

        /// <summary>Writes one data file through the committer (temporary name, flushed, renamed). Returns its size.</summary>
        public Task<long> WriteFileAsync(string relativePath, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken) =>
            Committer.WriteFileAsync(relativePath, write, cancellationToken);

        /// <summary>Deletes a data file an item no longer has. Returns true when one was deleted.</summary>
        public bool DeleteFile(string relativePath) => Committer.DeleteFile(relativePath);

        /// <summary>Renames a data file (an older naming rule's file to today's name). Returns true when one was moved.</summary>
        public bool MoveFile(string fromRelativePath, string toRelativePath) => Committer.MoveFile(fromRelativePath, toRelativePath);

        /// <summary>
        /// Marks rows whose <paramref name="column"/> is <paramref name="value"/> as deleted, stamped with <see cref="RunStart"/>
        /// (rows keep their first mark). With <paramref name="counts"/> a newly marked item counts in Deleted and -WhatIf
        /// names it. Returns how many rows were newly marked.
        /// </summary>
        public int MarkDeleted(KeyedCsvTable table, string column, string value, bool counts = true)
        {
            int marked = table.MarkDeleted(column, value, RunStart);
            if (marked > 0 && counts)
            {
                Result.Deleted++;
                if (IsPreview) _pendingNotices.Add((value, $"Mark deleted_at in {table.Name} (no longer listed)"));
                else Log.Verbose($"{Result.Vendor}: {value} is no longer listed; kept in {table.Name} and marked deleted_at.");
            }
            return marked;
        }

        /// <summary>A listing that failed: reported, counted as a failure and an error; the run goes on without deletion marks from it.</summary>
        public void ListingFailed(Exception exception, object? target)
        {
            Report(exception, target);
            CountFailure();
        }

        /// <summary>
        /// Gives one error to the caller and counts it among the run's errors (run log), but not as a failed item: for
        /// something stored as it is (a report the vendor does not have) that the user should hear about once.
        /// </summary>
        public void ReportStored(Exception exception, object? target)
        {
            Report(exception, target);
            _run?.CountError();
        }

        /// <summary>Gives one error to the caller (a non-terminating error) without counting it.</summary>
        public void Report(Exception exception, object? target) => Options.ReportError?.Invoke(exception, target);

        /// <summary>Data rows written to data files (thread-safe).</summary>
        public void AddRows(long rows)
        {
            lock (Result) Result.Rows += rows;
        }

        /// <summary>
        /// Runs <paramref name="body"/> for every element, at most <paramref name="limit"/> at once (the rate limiter still
        /// paces the requests). Every element runs even when others fail; the first failure is thrown afterwards.
        /// </summary>
        public static async Task ForEachAsync<T>(IReadOnlyList<T> elements, int limit, Func<T, int, Task> body, CancellationToken cancellationToken)
        {
            using var gate = new SemaphoreSlim(Math.Max(1, limit));
            await Task.WhenAll(elements.Select(async (element, index) =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await body(element, index).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
        }

        internal void CountFailure()
        {
            lock (Result) Result.Failed++;
            _run?.CountError();
        }

        internal bool ItemCompleted() => _run?.Committer.ItemCompleted() ?? false;

        internal void Checkpoint() => _run?.Committer.Checkpoint();

        /// <summary>-WhatIf lines for deletions marked since the last call.</summary>
        internal List<(string Target, string Action)> TakeNotices()
        {
            var notices = _pendingNotices.ToList();
            _pendingNotices.Clear();
            return notices;
        }

        private SyncCommitter Committer => _run?.Committer ?? throw new InvalidOperationException("A -WhatIf run writes nothing.");
    }
}
