using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SportsData.IO;

namespace SportsData.Sync
{
    /// <summary>When tables and state are written during a run (always also at the end).</summary>
    public sealed class SyncCheckpointPolicy
    {
        /// <summary>Checkpoint after this many completed items (default <see cref="Defaults.SyncCheckpointEveryItems"/>).</summary>
        public int EveryItems { get; set; } = Defaults.SyncCheckpointEveryItems;

        /// <summary>Checkpoint when this much time passed since the last one (default <see cref="Defaults.SyncCheckpointInterval"/>).</summary>
        public TimeSpan Every { get; set; } = Defaults.SyncCheckpointInterval;
    }

    /// <summary>
    /// Writes a dataset in the one safe order: for each item its data files first (<see cref="WriteFileAsync"/>,
    /// temporary name, flushed, renamed), then, at a checkpoint, every table touched, then the state
    /// (<see cref="Checkpoint"/>). The state in memory may only record items whose data files are written and whose
    /// rows are in the tables in memory; then a crash between any two writes leaves a state that is at most behind.
    /// <para>Typical item: write its data files; update its table rows; <c>state.Stream(..).SetVersion(key, version)</c>;
    /// <see cref="ItemCompleted"/> (which checkpoints every N items or seconds). At the end: <see cref="Checkpoint"/>.</para>
    /// A refused write (no permission, disk full) throws SportsDataException "InvalidParameter.Path" naming -Path.
    /// </summary>
    public sealed class SyncCommitter
    {
        private readonly List<KeyedCsvTable> _tables = new List<KeyedCsvTable>();
        private readonly SyncCheckpointPolicy _policy;
        private readonly Stopwatch _sinceCheckpoint = Stopwatch.StartNew();
        private int _itemsSinceCheckpoint;
        private long _files;
        private long _bytes;

        public SyncCommitter(string datasetFolder, SyncStateStore state, SyncCheckpointPolicy? policy = null)
        {
            DatasetFolder = Path.GetFullPath(datasetFolder);
            State = state;
            _policy = policy ?? new SyncCheckpointPolicy();
        }

        public string DatasetFolder { get; }

        public SyncStateStore State { get; }

        /// <summary>Files (data files and tables) written so far.</summary>
        public int FilesWritten => (int)Interlocked.Read(ref _files);

        /// <summary>Bytes written to data files and tables so far.</summary>
        public long BytesWritten => Interlocked.Read(ref _bytes);

        /// <summary>
        /// Test hook: called before every write step with a description ("file samples/..", "table teams.csv",
        /// "state"). A test throws from it to simulate a crash at that step.
        /// </summary>
        public Action<string>? BeforeWrite { get; set; }

        /// <summary>
        /// Utf8Bom: every .csv table and data file written from now on starts with a UTF-8 byte-order mark (for Excel);
        /// tables whose file differs in that respect are rewritten at the next checkpoint. Gzip files are not affected.
        /// </summary>
        public CsvEncoding Encoding
        {
            get => _encoding;
            set
            {
                _encoding = value;
                foreach (KeyedCsvTable table in _tables) table.Utf8Bom = value == CsvEncoding.Utf8Bom;
            }
        }

        private CsvEncoding _encoding = CsvEncoding.Utf8NoBom;

        /// <summary>Full path of a file given relative to the dataset folder ('/' separators allowed).</summary>
        public string FullPath(string relativePath) =>
            Path.Combine(DatasetFolder, relativePath.Replace('/', Path.DirectorySeparatorChar));

        /// <summary>Loads a table (relative path, e.g. "teams.csv") and registers it for <see cref="Checkpoint"/>.</summary>
        public KeyedCsvTable Table(string relativePath, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns)
        {
            KeyedCsvTable table = KeyedCsvTable.Load(FullPath(relativePath), columns, keyColumns);
            table.Utf8Bom = _encoding == CsvEncoding.Utf8Bom;
            _tables.Add(table);
            return table;
        }

        /// <summary>
        /// Writes one data file (relative path; folders are created) through <see cref="AtomicFile"/>: the content goes
        /// to a temporary name, is flushed to disk and renamed over the final name. Returns the file's size.
        /// </summary>
        public async Task<long> WriteFileAsync(string relativePath, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
        {
            string path = FullPath(relativePath);
            try
            {
                BeforeWrite?.Invoke("file " + relativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                bool bom = _encoding == CsvEncoding.Utf8Bom && relativePath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
                await AtomicFile.WriteAsync(path, bom ? (stream, ct) => { DatasetCsv.WriteByteOrderMark(stream); return write(stream, ct); } : write, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (SyncDataset.IsWriteFailure(ex))
            {
                throw SyncDataset.WriteFailed(DatasetFolder, ex);
            }
            long length = new FileInfo(path).Length;
            Interlocked.Increment(ref _files);
            Interlocked.Add(ref _bytes, length);
            return length;
        }

        /// <summary>Deletes a data file that a changed item no longer has (relative path). Returns true when one was deleted.</summary>
        public bool DeleteFile(string relativePath)
        {
            string path = FullPath(relativePath);
            if (!File.Exists(path)) return false;
            try
            {
                BeforeWrite?.Invoke("delete " + relativePath);
                File.Delete(path);
                return true;
            }
            catch (Exception ex) when (SyncDataset.IsWriteFailure(ex))
            {
                throw SyncDataset.WriteFailed(DatasetFolder, ex);
            }
        }

        /// <summary>Renames a data file (relative paths) when it exists and the target does not. Returns true when one was moved.</summary>
        public bool MoveFile(string fromRelativePath, string toRelativePath)
        {
            string from = FullPath(fromRelativePath), to = FullPath(toRelativePath);
            if (!File.Exists(from) || File.Exists(to)) return false;
            try
            {
                BeforeWrite?.Invoke("move " + fromRelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Move(from, to);
                return true;
            }
            catch (Exception ex) when (SyncDataset.IsWriteFailure(ex))
            {
                throw SyncDataset.WriteFailed(DatasetFolder, ex);
            }
        }

        /// <summary>Counts a completed item and checkpoints when the policy says so. Returns true when it checkpointed.</summary>
        public bool ItemCompleted()
        {
            _itemsSinceCheckpoint++;
            if (_itemsSinceCheckpoint < _policy.EveryItems && _sinceCheckpoint.Elapsed < _policy.Every) return false;
            Checkpoint();
            return true;
        }

        /// <summary>Writes every changed table, then the state (each only when its content changed).</summary>
        public void Checkpoint()
        {
            try
            {
                foreach (KeyedCsvTable table in _tables)
                {
                    if (!table.IsDirty && File.Exists(table.FilePath)) continue;
                    BeforeWrite?.Invoke("table " + table.Name);
                    long written = table.Save();
                    if (written > 0)
                    {
                        Interlocked.Increment(ref _files);
                        Interlocked.Add(ref _bytes, written);
                    }
                }
                BeforeWrite?.Invoke("state");
                State.Save();
            }
            catch (Exception ex) when (SyncDataset.IsWriteFailure(ex))
            {
                throw SyncDataset.WriteFailed(DatasetFolder, ex);
            }
            _itemsSinceCheckpoint = 0;
            _sinceCheckpoint.Restart();
        }
    }
}
