using SportsData.Http;

namespace SportsData.PowerShell
{
    /// <summary>
    /// Input items whose network part (fetch) runs ahead, up to <c>limit</c> at a time, while their output part
    /// (emit) runs strictly in the order the items were added, on the pipeline thread's pump. Only the first
    /// <c>limit</c> items are ever started, so at most that many fetched results are held. The pipeline thread
    /// never waits for an item unless more than <c>limit</c> are queued (or at the end), so piped input keeps
    /// flowing. A failed fetch or emit becomes that item's own error record; the others go on.
    /// </summary>
    internal sealed class ReadAheadQueue<T> : IDisposable
    {
        private readonly int _limit;
        private readonly CancellationTokenSource _cancel;
        private readonly Action<object?, Func<PipelineChannel, CancellationToken, Task>> _run;
        private readonly Queue<Item> _running = new Queue<Item>();
        private readonly Queue<Item> _waiting = new Queue<Item>();

        /// <param name="limit">Items in flight at most.</param>
        /// <param name="stopping">The cmdlet's stop signal (Ctrl+C).</param>
        /// <param name="run">The cmdlet's Run: pumps one item's emit on the pipeline thread, errors per target.</param>
        public ReadAheadQueue(int limit, CancellationToken stopping, Action<object?, Func<PipelineChannel, CancellationToken, Task>> run)
        {
            _limit = Math.Max(1, limit);
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _run = run;
        }

        /// <summary>Items added and not yet emitted.</summary>
        public int Pending => _running.Count + _waiting.Count;

        /// <summary>Queues an item, emits those whose fetch is done, and waits for the oldest only when over the limit.</summary>
        public void Add(object? target, Func<CancellationToken, Task<T>> fetch, Func<T, PipelineChannel, CancellationToken, Task> emit)
        {
            _waiting.Enqueue(new Item(target, fetch, emit));
            StartWhatFits();
            while (_running.Count > 0 && (_running.Peek().Task!.IsCompleted || Pending > _limit))
            {
                EmitOldest();
            }
        }

        /// <summary>Emits everything still queued, in order (EndProcessing).</summary>
        public void Drain()
        {
            while (_running.Count > 0) EmitOldest();
        }

        /// <summary>Cancels fetches still running (pipeline stopped or failed) and lets them end quietly.</summary>
        public void Dispose()
        {
            if (!_cancel.IsCancellationRequested) _cancel.Cancel();
            foreach (Item item in _running)
            {
                item.Task?.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }
            _running.Clear();
            _waiting.Clear();
        }

        private void StartWhatFits()
        {
            while (_running.Count < _limit && _waiting.Count > 0)
            {
                Item item = _waiting.Dequeue();
                CancellationToken token = _cancel.Token;
                item.Task = Task.Run(async () =>
                {
                    RequestLog.Current = item.Log;
                    return await item.Fetch(token).ConfigureAwait(false);
                });
                _running.Enqueue(item);
            }
        }

        private void EmitOldest()
        {
            Item item = _running.Peek();
            try
            {
                _run(item.Target, async (channel, ct) =>
                {
                    Task<T> fetch = item.Task!;
                    item.Log.Attach(channel);
                    if (!fetch.IsCompleted)
                    {
                        await Task.WhenAny(fetch, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
                        ct.ThrowIfCancellationRequested();
                    }
                    await fetch.ConfigureAwait(false);
                    await item.Emit(fetch.Result, channel, ct).ConfigureAwait(false);
                });
            }
            catch
            {
                Dispose();
                throw;
            }
            _running.Dequeue();
            StartWhatFits();
        }

        private sealed class Item
        {
            public Item(object? target, Func<CancellationToken, Task<T>> fetch, Func<T, PipelineChannel, CancellationToken, Task> emit)
            {
                Target = target;
                Fetch = fetch;
                Emit = emit;
            }

            public object? Target { get; }

            public Func<CancellationToken, Task<T>> Fetch { get; }

            public Func<T, PipelineChannel, CancellationToken, Task> Emit { get; }

            public BufferedRequestLog Log { get; } = new BufferedRequestLog();

            public Task<T>? Task { get; set; }
        }
    }

    /// <summary>Holds a background fetch's log messages until its output turn, then forwards them (and later ones) in order.</summary>
    internal sealed class BufferedRequestLog : IRequestLog
    {
        private readonly object _gate = new object();
        private readonly Queue<Action<IRequestLog>> _held = new Queue<Action<IRequestLog>>();
        private IRequestLog? _target;

        public void Verbose(string message) => Send(log => log.Verbose(message));

        public void Debug(string message) => Send(log => log.Debug(message));

        public void Warning(string message) => Send(log => log.Warning(message));

        public void Progress(string activity, string status, long done, long? total) => Send(log => log.Progress(activity, status, done, total));

        /// <summary>Forwards what was held, then everything that follows, to <paramref name="target"/>.</summary>
        public void Attach(IRequestLog target)
        {
            lock (_gate)
            {
                while (_held.Count > 0) _held.Dequeue()(target);
                _target = target;
            }
        }

        private void Send(Action<IRequestLog> message)
        {
            lock (_gate)
            {
                if (_target != null) message(_target);
                else _held.Enqueue(message);
            }
        }
    }
}
