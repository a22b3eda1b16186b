using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Http;

namespace SportsData.Sync
{
    /// <summary>One vendor account's sync inside Sync-SportsData: its label, dataset folder and the run itself.</summary>
    public sealed class SyncJob(string vendor, string? account, string folder, Func<CancellationToken, Task<SyncResult>> run)
    {
        /// <summary>"Polar", "Valor" or "AiKYNETIX" (as messages show it).</summary>
        public string Vendor { get; } = vendor;

        /// <summary>The connection's name, or null for an unnamed connection.</summary>
        public string? Account { get; } = account;

        /// <summary>Full path of the job's dataset folder.</summary>
        public string Folder { get; } = folder;

        public Func<CancellationToken, Task<SyncResult>> RunAsync { get; } = run;

        /// <summary>"Polar" or "Polar 'men'": the target of the job's errors and the prefix of its messages.</summary>
        public string Label => LabelOf(Vendor, Account);

        /// <summary>"Polar" or "Polar 'men'" for a vendor and account (connection name).</summary>
        public static string LabelOf(string vendor, string? account) => account == null ? vendor : vendor + " '" + account + "'";
    }

    /// <summary>
    /// Runs several vendor syncs at the same time (each has its own connection, rate limiter and dataset lock), so the
    /// slowest vendor sets the wall time instead of the sum of all. A job that fails is handed to <c>failed</c> at once
    /// and never stops the others; results go to <c>completed</c> in the order of <c>jobs</c>, each as soon as it and
    /// every job before it have ended (so the output order does not depend on timing). Each job's verbose lines and
    /// progress carry its label. The callbacks are called one at a time; callers forward them to the pipeline thread.
    /// </summary>
    public static class ConcurrentSync
    {
        public static async Task RunAsync(IReadOnlyList<SyncJob> jobs, IRequestLog log, Action<SyncJob, SyncResult> completed, Action<SyncJob, Exception> failed, CancellationToken cancellationToken)
        {
            if (jobs == null) throw new ArgumentNullException(nameof(jobs));
            if (log == null) throw new ArgumentNullException(nameof(log));
            if (completed == null) throw new ArgumentNullException(nameof(completed));
            if (failed == null) throw new ArgumentNullException(nameof(failed));
            bool several = jobs.Count > 1;
            var ended = new bool[jobs.Count];
            var results = new SyncResult?[jobs.Count];
            int next = 0;
            var gate = new object();
            await Task.WhenAll(jobs.Select((job, index) => Task.Run(async () =>
            {
                RequestLog.Current = several ? new LabelledLog(log, job.Label) : log;
                SyncResult? result = null;
                try
                {
                    result = await job.RunAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    lock (gate) failed(job, ex);
                }
                lock (gate)
                {
                    ended[index] = true;
                    results[index] = result;
                    for (; next < jobs.Count && ended[next]; next++)
                    {
                        if (results[next] != null) completed(jobs[next], results[next]!);
                    }
                }
            }, cancellationToken))).ConfigureAwait(false);
        }

        /// <summary>Prefixes a job's messages with its label and gives its progress its own activity.</summary>
        private sealed class LabelledLog : IRequestLog
        {
            private readonly IRequestLog _inner;
            private readonly string _label;

            public LabelledLog(IRequestLog inner, string label)
            {
                _inner = inner;
                _label = label;
            }

            public void Verbose(string message) => _inner.Verbose("[" + _label + "] " + message);

            public void Debug(string message) => _inner.Debug("[" + _label + "] " + message);

            public void Warning(string message) => _inner.Warning("[" + _label + "] " + message);

            public void Progress(string activity, string status, long done, long? total) => _inner.Progress(activity + " (" + _label + ")", status, done, total);
        }
    }
}
