using System.Collections.Concurrent;
using System.Diagnostics;
using SportsData.Http;

namespace SportsData.PowerShell
{
    /// <summary>
    /// Base of every SportsData cmdlet. Engine work runs asynchronously off the pipeline thread; everything it
    /// produces (objects, verbose, debug, warnings, progress) is queued and written here on the pipeline thread,
    /// in order, as it arrives. The queue is bounded, so a slow consumer slows the download instead of filling
    /// memory. Ctrl+C and downstream stops (Select-Object -First) cancel the engine work.
    /// </summary>
    public abstract class SportsDataCmdlet : PSCmdlet
    {
        private const int QueueCapacity = 4096;
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly Stopwatch _progressClock = Stopwatch.StartNew();
        // One progress bar per activity (Sync-SportsData runs several vendor syncs at once), each throttled on its own.
        private readonly Dictionary<string, (int Id, TimeSpan? Last)> _activities = new Dictionary<string, (int, TimeSpan?)>(StringComparer.Ordinal);

        /// <summary>Signalled when the user stops the pipeline (Ctrl+C).</summary>
        protected CancellationToken StoppingToken => _stopping.Token;

        protected override void StopProcessing()
        {
            _stopping.Cancel();
            base.StopProcessing();
        }

        protected override void EndProcessing()
        {
            CompleteProgress();
            base.EndProcessing();
        }

        /// <summary>
        /// Runs engine work for one input item and pumps what it emits onto the pipeline until it finishes.
        /// A failure of the work becomes a non-terminating error about <paramref name="target"/>; failures
        /// downstream (PipelineStoppedException, a later cmdlet's terminating error) propagate unchanged.
        /// </summary>
        protected void Run(object? target, Func<PipelineChannel, CancellationToken, Task> work)
        {
            try
            {
                RunAsync(work);
            }
            catch (EngineFailure failure)
            {
                WriteError(ErrorRecords.From(failure.InnerException!, target));
            }
        }

        /// <summary>Like <see cref="Run"/>, but a failure of the work stops the cmdlet (terminating error).</summary>
        protected void RunOrThrow(object? target, Func<PipelineChannel, CancellationToken, Task> work)
        {
            try
            {
                RunAsync(work);
            }
            catch (EngineFailure failure)
            {
                ThrowTerminatingError(ErrorRecords.From(failure.InnerException!, target));
            }
        }

        private void RunAsync(Func<PipelineChannel, CancellationToken, Task> work)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            using var queue = new BlockingCollection<Action<SportsDataCmdlet>>(QueueCapacity);
            var channel = new PipelineChannel(queue, linked.Token);
            Task task = Task.Run(async () =>
            {
                try
                {
                    RequestLog.Current = channel;
                    await work(channel, linked.Token).ConfigureAwait(false);
                }
                finally
                {
                    queue.CompleteAdding();
                }
            });

            try
            {
                foreach (Action<SportsDataCmdlet> action in queue.GetConsumingEnumerable())
                {
                    action(this);
                }
            }
            catch
            {
                // Downstream stopped or failed: stop the producer, let it finish, then rethrow as is.
                linked.Cancel();
                try { task.Wait(); } catch (AggregateException) { }
                throw;
            }

            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                throw new EngineFailure(ex);
            }
        }

        /// <summary>Marks an exception as coming from the engine work, not from downstream.</summary>
        private sealed class EngineFailure : Exception
        {
            public EngineFailure(Exception inner) : base(inner.Message, inner) { }
        }

        /// <summary>-First plus -Skip: how many items the engine must fetch at most (null: all). No page beyond it is requested.</summary>
        protected long? PagingCap
        {
            get
            {
                ulong first = PagingParameters?.First ?? ulong.MaxValue;
                return first == ulong.MaxValue ? (long?)null : (long)Math.Min((ulong)long.MaxValue, first + PagingSkip);
            }
        }

        /// <summary>-Skip: items to drop from the start of a listing.</summary>
        protected ulong PagingSkip => PagingParameters?.Skip ?? 0;

        /// <summary>With -IncludeTotalCount, writes the server's total item count before the items.</summary>
        protected Action<long>? TotalCountWriter(PipelineChannel channel) =>
            PagingParameters != null && PagingParameters.IncludeTotalCount
                ? count => channel.WriteObject(PagingParameters.NewTotalCount((ulong)count, 1.0))
                : (Action<long>?)null;

        /// <summary>Writes a listing as it arrives, honouring -Skip; <paramref name="include"/> can drop items (duplicates).</summary>
        protected async Task WriteListingAsync<T>(IAsyncEnumerable<T> items, PipelineChannel channel, CancellationToken cancellationToken, Func<T, bool>? include = null) where T : notnull
        {
            ulong skip = PagingSkip;
            ulong seen = 0;
            await foreach (T item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (seen++ < skip) continue;
                if (include != null && !include(item)) continue;
                channel.WriteObject(item);
            }
        }

        /// <summary>Writes a progress record per activity at most four times a second (and always the final one).</summary>
        internal void ReportProgress(string activity, string status, long done, long? total)
        {
            TimeSpan now = _progressClock.Elapsed;
            bool final = total != null && done >= total;
            if (!_activities.TryGetValue(activity, out var bar)) bar = (Math.Abs(GetHashCode() % 100000) + 1 + _activities.Count, null);
            if (!final && bar.Last != null && now - bar.Last.Value < ProgressInterval) return;
            _activities[activity] = (bar.Id, now);
            var record = new ProgressRecord(bar.Id, activity, status + " (" + done + (total != null ? " of " + total : string.Empty) + ")");
            if (total != null && total > 0) record.PercentComplete = (int)Math.Min(100, done * 100 / total.Value);
            WriteProgress(record);
        }

        private void CompleteProgress()
        {
            foreach (var bar in _activities.Values)
            {
                WriteProgress(new ProgressRecord(bar.Id, "SportsData", "Done") { RecordType = ProgressRecordType.Completed });
            }
            _activities.Clear();
        }

        /// <summary>Stops the cmdlet with a terminating error (bad parameters, no connection).</summary>
        protected void ThrowFailure(Exception exception, object? target)
        {
            ThrowTerminatingError(ErrorRecords.From(exception, target));
        }

        /// <summary>The step's value; a <see cref="SportsDataException"/> (a bad parameter) stops the command with its error, whose target <paramref name="target"/> picks (default none).</summary>
        protected T Checked<T>(Func<T> step, Func<SportsDataException, object?>? target = null)
        {
            try
            {
                return step();
            }
            catch (SportsDataException ex)
            {
                ThrowFailure(ex, target?.Invoke(ex));
                throw; // not reached
            }
        }

        /// <summary>Runs the check; a <see cref="SportsDataException"/> (a bad parameter) stops the command with its error.</summary>
        protected void Checked(Action check) => Checked(() =>
        {
            check();
            return true;
        });
    }

    /// <summary>The engine side of <see cref="SportsDataCmdlet.RunAsync"/>: everything is queued for the pipeline thread.</summary>
    public sealed class PipelineChannel : IRequestLog
    {
        private readonly BlockingCollection<Action<SportsDataCmdlet>> _queue;
        private readonly CancellationToken _cancellationToken;

        internal PipelineChannel(BlockingCollection<Action<SportsDataCmdlet>> queue, CancellationToken cancellationToken)
        {
            _queue = queue;
            _cancellationToken = cancellationToken;
        }

        public void WriteObject(object item) => Add(c => c.WriteObject(item));

        /// <summary>
        /// Writes an object and calls <paramref name="delivered"/> once the next command has taken it. A command
        /// that stops the pipeline after taking it (Select-Object -First) makes this write throw although the
        /// object was delivered. When the user stops the pipeline (Ctrl+C) the object may or may not have been
        /// taken; it then counts as not delivered, so a resumed listing repeats at most that one item and never
        /// loses one.
        /// </summary>
        public void WriteObject(object item, Action delivered) => Add(c =>
        {
            try
            {
                c.WriteObject(item);
            }
            catch (Exception ex) when (!((Cmdlet)c).Stopping && (ex is PipelineStoppedException || ex.GetType().Name == "StopUpstreamCommandsException"))
            {
                delivered();
                throw;
            }
            delivered();
        });

        public void WriteError(Exception exception, object? target) => Add(c => c.WriteError(ErrorRecords.From(exception, target)));

        /// <summary>An error of one of several jobs running at once: its message starts with the job's label (<c>[Polar 'men']</c>), as its verbose lines do.</summary>
        public void WriteError(Exception exception, object? target, string? label) => Add(c => c.WriteError(ErrorRecords.Labelled(ErrorRecords.From(exception, target), label)));

        /// <summary>
        /// Asks ShouldProcess on the pipeline thread (it prints "What if:" lines or prompts under -Confirm) and
        /// hands the answer back to the engine.
        /// </summary>
        public Task<bool> ShouldProcessAsync(string target, string action)
        {
            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            CancellationTokenRegistration registration = _cancellationToken.Register(() => answer.TrySetCanceled());
            Add(c =>
            {
                try
                {
                    answer.TrySetResult(c.ShouldProcess(target, action));
                }
                catch (Exception ex)
                {
                    answer.TrySetException(ex);
                    throw;
                }
                finally
                {
                    registration.Dispose();
                }
            });
            return answer.Task;
        }

        public void Verbose(string message) => Add(c => c.WriteVerbose(message));

        public void Debug(string message) => Add(c => c.WriteDebug(message));

        public void Warning(string message) => Add(c => c.WriteWarning(message));

        public void Progress(string activity, string status, long done, long? total) => Add(c => c.ReportProgress(activity, status, done, total));

        private void Add(Action<SportsDataCmdlet> action)
        {
            try
            {
                _queue.Add(action, _cancellationToken);
            }
            catch (InvalidOperationException)
            {
                // The pump has stopped (pipeline stopped); the work is being cancelled.
                throw new OperationCanceledException(_cancellationToken);
            }
        }
    }
}
