using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using SportsData.IO;

namespace SportsData.Sync
{
    /// <summary>
    /// The one-writer lock of a dataset folder: <c>.sportsdata/lock</c> opened with FileShare.None and held open for
    /// the whole run. The operating system releases it when the process ends in any way (kill -9 included), so a
    /// lock left by a killed process never blocks the next run. Who holds it (pid, machine, start time) is written
    /// beside it to <c>.sportsdata/lock.owner</c> for the error message a second writer gets.
    /// <code>using (DatasetLock.Acquire(folder)) { ... }</code>
    /// </summary>
    public sealed class DatasetLock : IDisposable
    {
        public const string LockFileName = "lock";
        public const string OwnerFileName = "lock.owner";

        private FileStream? _stream;

        private DatasetLock(string datasetFolder, FileStream stream)
        {
            DatasetFolder = datasetFolder;
            _stream = stream;
        }

        public string DatasetFolder { get; }

        /// <summary>
        /// Takes the lock of <paramref name="datasetFolder"/> (which must exist; see <see cref="SyncDataset.Prepare"/>).
        /// Throws SportsDataException "Sync.DatasetLocked" (InvalidOperation) at once when another sync holds it.
        /// </summary>
        public static DatasetLock Acquire(string datasetFolder)
        {
            string full = Path.GetFullPath(datasetFolder);
            string stateFolder = SyncDataset.StateFolder(full);
            Directory.CreateDirectory(stateFolder);
            string lockPath = Path.Combine(stateFolder, LockFileName);
            FileStream stream;
            try
            {
                stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex) when (!(ex is FileNotFoundException) && !(ex is DirectoryNotFoundException) && !(ex is PathTooLongException))
            {
                string owner = ReadOwner(stateFolder);
                throw new SportsDataException(ErrorIds.Sync.DatasetLocked, FailureKind.InvalidOperation,
                    $"Another sync is writing to '{full}' ({owner}). Wait for it to finish; only one sync can write to a folder at a time.", ex)
                { ParameterName = "Path", Target = full };
            }

            try
            {
                var process = Process.GetCurrentProcess();
                string owner = string.Format(CultureInfo.InvariantCulture, "pid {0} on {1} since {2}",
                    process.Id, Environment.MachineName, DatasetCsv.UtcTime(DateTime.UtcNow));
                byte[] text = Encoding.UTF8.GetBytes(owner);
                stream.SetLength(0);
                stream.Write(text, 0, text.Length);
                stream.Flush(flushToDisk: true);
                AtomicFile.Write(Path.Combine(stateFolder, OwnerFileName), s => s.Write(text, 0, text.Length));
            }
            catch
            {
                stream.Dispose();
                throw;
            }
            return new DatasetLock(full, stream);
        }

        /// <summary>
        /// Whether a sync holds the lock of <paramref name="datasetFolder"/> now. Probes by opening the lock file for a
        /// moment, so a sync starting in that instant could see the folder as locked: only for a folder whose last run
        /// logged no end and whose process may still run.
        /// </summary>
        public static bool IsHeld(string datasetFolder)
        {
            string lockPath = Path.Combine(SyncDataset.StateFolder(datasetFolder), LockFileName);
            if (!File.Exists(lockPath)) return false;
            try
            {
                using (new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.None)) { }
                return false;
            }
            catch (IOException)
            {
                return true;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static string ReadOwner(string stateFolder)
        {
            try
            {
                string text = File.ReadAllText(Path.Combine(stateFolder, OwnerFileName), Encoding.UTF8).Trim();
                return text.Length > 0 ? text : "owner unknown";
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return "owner unknown";
            }
        }

        /// <summary>Releases the lock (the lock file stays; an unlocked file means a free dataset).</summary>
        public void Dispose()
        {
            FileStream? stream = _stream;
            _stream = null;
            if (stream == null) return;
            try
            {
                File.Delete(Path.Combine(SyncDataset.StateFolder(DatasetFolder), OwnerFileName));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }
            stream.Dispose();
        }
    }
}
