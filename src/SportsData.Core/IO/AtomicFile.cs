using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.IO
{
    /// <summary>
    /// Writes a file so that its final name only ever shows a complete file: the content goes to a temporary
    /// name in the same folder, is flushed to disk, and is then renamed over the final name. A crash at any
    /// point leaves either the old file or the new one under the final name, plus at most a temporary file
    /// that <see cref="DeleteLeftovers"/> removes.
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>Temporary files start with this and end with <see cref="TemporarySuffix"/>.</summary>
        public const string TemporaryPrefix = ".~";

        public const string TemporarySuffix = ".partial";

        /// <summary>A temporary name beside <paramref name="path"/>, unique to this process and call.</summary>
        public static string TemporaryPathFor(string path)
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            string unique = Guid.NewGuid().ToString("N").Substring(0, 12);
            return Path.Combine(folder, TemporaryPrefix + Path.GetFileName(path) + "." + unique + TemporarySuffix);
        }

        /// <summary>Writes through <paramref name="write"/> to a temporary file, flushes it to disk and renames it to <paramref name="path"/>.</summary>
        public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
        {
            string temporary = TemporaryPathFor(path);
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                {
                    await write(stream, cancellationToken).ConfigureAwait(false);
                    await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                    stream.Flush(flushToDisk: true);
                }
                cancellationToken.ThrowIfCancellationRequested();
                Commit(temporary, path);
            }
            catch
            {
                TryDelete(temporary);
                throw;
            }
        }

        /// <summary>Synchronous form of <see cref="WriteAsync"/>.</summary>
        public static void Write(string path, Action<Stream> write)
        {
            string temporary = TemporaryPathFor(path);
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    write(stream);
                    stream.Flush(flushToDisk: true);
                }
                Commit(temporary, path);
            }
            catch
            {
                TryDelete(temporary);
                throw;
            }
        }

        /// <summary>Renames a complete, flushed temporary file over <paramref name="path"/> (replacing it if it exists).</summary>
        public static void Commit(string temporary, string path)
        {
            if (File.Exists(path))
            {
                File.Replace(temporary, path, destinationBackupFileName: null, ignoreMetadataErrors: true);
            }
            else
            {
                File.Move(temporary, path);
            }
        }

        /// <summary>Removes temporary files a killed process left in <paramref name="folder"/> and below it. Returns how many.</summary>
        public static int DeleteLeftovers(string folder)
        {
            if (!Directory.Exists(folder)) return 0;
            int removed = 0;
            foreach (string file in Directory.EnumerateFiles(folder, TemporaryPrefix + "*" + TemporarySuffix, SearchOption.AllDirectories))
            {
                if (TryDelete(file)) removed++;
            }
            return removed;
        }

        private static bool TryDelete(string path)
        {
            try
            {
                File.Delete(path);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
