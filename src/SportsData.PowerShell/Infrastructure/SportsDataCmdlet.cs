using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
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
        private TimeSpan _lastProgress = TimeSpan.MinValue;
        private int _activityId = -1;

        protected CancellationToken Stopping => _stopping.Token;

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
        /// Runs engine work and pumps what it emits onto the pipeline until it finishes. Failures of the work
        /// come back as exceptions on the pipeline thread, for the caller to turn into error records.
        /// </summary>
        protected void RunAsync(Func<PipelineChannel, CancellationToken, Task> work)
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
                // PipelineStoppedException and friends: stop the producer, let it finish, then rethrow as is.
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
        }

        /// <summary>Writes a progress record at most four times a second (and always the final one).</summary>
        internal void ReportProgress(string activity, string status, long done, long? total)
        {
            TimeSpan now = _progressClock.Elapsed;
            bool final = total != null && done >= total;
            if (!final && now - _lastProgress < ProgressInterval) return;
            _lastProgress = now;
            if (_activityId < 0) _activityId = Math.Abs(GetHashCode() % 100000) + 1;
            var record = new ProgressRecord(_activityId, activity, status + " (" + done + (total != null ? " of " + total : string.Empty) + ")");
            if (total != null && total > 0) record.PercentComplete = (int)Math.Min(100, done * 100 / total.Value);
            WriteProgress(record);
        }

        private void CompleteProgress()
        {
            if (_activityId < 0) return;
            WriteProgress(new ProgressRecord(_activityId, "SportsData", "Done") { RecordType = ProgressRecordType.Completed });
            _activityId = -1;
        }

        /// <summary>Writes a non-terminating error for one input item and carries on with the next.</summary>
        protected void WriteFailure(Exception exception, object? target)
        {
            if (exception is PipelineStoppedException) throw exception;
            WriteError(ErrorRecords.From(exception, target));
        }

        /// <summary>Stops the cmdlet with a terminating error (bad parameters, no connection).</summary>
        protected void ThrowFailure(Exception exception, object? target)
        {
            if (exception is PipelineStoppedException) throw exception;
            ThrowTerminatingError(ErrorRecords.From(exception, target));
        }
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

        public void WriteError(Exception exception, object? target) => Add(c => c.WriteError(ErrorRecords.From(exception, target)));

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
