using System;
using System.Threading;
using SportsData.Http;

namespace SportsData.Sync
{
    /// <summary>
    /// One sync run over a dataset folder, the frame <see cref="SyncEngine"/> runs every vendor in: -Path checked,
    /// lock taken, leftovers removed, state loaded (<see cref="Start"/>); items written through <see cref="Committer"/>;
    /// failed items counted (<see cref="CountError"/>); <see cref="Complete"/> for the final checkpoint, counters and
    /// the run log line. Disposing a run that did not complete checkpoints what is complete (best effort), logs the
    /// run as failed and releases the lock. The run log gets a start line when the lock is taken and an end line with
    /// the same run id when the run completes or fails, so a killed run is a start line without an end (see
    /// <see cref="SyncHistory"/>). The engine fills New/Changed/Unchanged/Deleted/Failed/Rows of
    /// <see cref="Result"/>; Files, Bytes, Requests, Retries and times are filled here.
    /// </summary>
    public sealed class SyncRun : IDisposable
    {
        private readonly DatasetLock _lock;
        private readonly ApiTransport? _transport;
        private readonly long _requestsAtStart;
        private readonly long _retriesAtStart;
        private readonly string _runId = Guid.NewGuid().ToString("N");
        private int _errors;
        private bool _finished;

        private SyncRun(string datasetFolder, DatasetLock datasetLock, SyncStateStore state, SyncResult result, ApiTransport? transport, SyncCheckpointPolicy? policy)
        {
            DatasetFolder = datasetFolder;
            _lock = datasetLock;
            State = state;
            Result = result;
            _transport = transport;
            _requestsAtStart = transport?.RequestCount ?? 0;
            _retriesAtStart = transport?.RetryCount ?? 0;
            Committer = new SyncCommitter(datasetFolder, state, policy);
        }

        public string DatasetFolder { get; }

        public SyncStateStore State { get; }

        public SyncCommitter Committer { get; }

        public SyncResult Result { get; }

        /// <summary>
        /// Checks and creates <paramref name="path"/> (errors name -Path), takes the dataset lock (Sync.DatasetLocked when
        /// another sync runs), removes temporaries a killed run left, and loads the state.
        /// </summary>
        public static SyncRun Start(string path, SyncResult result, ApiTransport? transport, SyncCheckpointPolicy? policy = null)
        {
            result.StartTime = DateTime.UtcNow;
            string folder = SyncDataset.Prepare(path);
            result.Path = folder;
            DatasetLock datasetLock;
            try
            {
                datasetLock = DatasetLock.Acquire(folder);
            }
            catch (Exception ex) when (SyncDataset.IsWriteFailure(ex))
            {
                throw SyncDataset.WriteFailed(folder, ex);
            }
            try
            {
                SyncDataset.DeleteLeftovers(folder);
                SyncStateStore state = SyncStateStore.Load(folder);
                var run = new SyncRun(folder, datasetLock, state, result, transport, policy);
                state.AppendRunStart(result, run._runId);
                return run;
            }
            catch
            {
                datasetLock.Dispose();
                throw;
            }
        }

        /// <summary>Counts one failed item (its error is reported by the caller).</summary>
        public void CountError() => Interlocked.Increment(ref _errors);

        /// <summary>Final checkpoint, counters and times into <see cref="Result"/>, one line in the run log. Returns the result.</summary>
        public SyncResult Complete()
        {
            Committer.Checkpoint();
            _finished = true;
            Fill();
            State.AppendRun(Result, _errors, _errors == 0 ? "completed" : "completed with errors", _runId);
            return Result;
        }

        private void Fill()
        {
            Result.EndTime = DateTime.UtcNow;
            Result.Files = Committer.FilesWritten;
            Result.Bytes = Committer.BytesWritten;
            if (_transport != null)
            {
                Result.Requests = _transport.RequestCount - _requestsAtStart;
                Result.Retries = _transport.RetryCount - _retriesAtStart;
            }
        }

        /// <summary>Releases the lock; a run that did not complete first saves what is complete and logs itself as failed.</summary>
        public void Dispose()
        {
            try
            {
                if (!_finished)
                {
                    _finished = true;
                    try
                    {
                        Committer.Checkpoint();
                    }
                    catch (Exception)
                    {
                        // The failure that stopped the run is what the caller reports; the state stays behind the data.
                    }
                    try
                    {
                        Fill();
                        State.AppendRun(Result, _errors + 1, "failed", _runId);
                    }
                    catch (Exception)
                    {
                    }
                }
            }
            finally
            {
                _lock.Dispose();
            }
        }
    }
}
