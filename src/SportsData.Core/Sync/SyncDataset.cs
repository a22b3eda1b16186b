using System;
using System.IO;
using SportsData.IO;

namespace SportsData.Sync
{
    /// <summary>
    /// The dataset folder a sync writes: checks and creates it, and turns file-system failures into errors that
    /// name -Path. Layout: vendor files at the top and below it, state in <c>.sportsdata/</c>
    /// (<c>state.json</c>, <c>runs.jsonl</c>, <c>lock</c>).
    /// </summary>
    public static class SyncDataset
    {
        /// <summary>The state folder's name inside a dataset folder.</summary>
        public const string StateFolderName = ".sportsdata";

        public static string StateFolder(string datasetFolder) => Path.Combine(Path.GetFullPath(datasetFolder), StateFolderName);

        /// <summary>Whether <paramref name="folder"/> is a sync dataset (it has the state folder a sync writes).</summary>
        public static bool IsDataset(string folder) => Directory.Exists(StateFolder(folder));

        /// <summary>
        /// Resolves <paramref name="path"/> to a full path and makes sure it is a folder this process can write
        /// (creating it when missing). Throws SportsDataException "InvalidParameter.Path" naming -Path otherwise.
        /// Writes nothing else.
        /// </summary>
        public static string Prepare(string path)
        {
            string full = Resolve(path);
            try
            {
                Directory.CreateDirectory(full);
                Directory.CreateDirectory(StateFolder(full));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw WriteFailed(full, ex);
            }
            return full;
        }

        /// <summary>The full path of <paramref name="path"/>; a malformed one throws "InvalidParameter.Path" naming -Path.</summary>
        internal static string FullPath(string path)
        {
            try
            {
                return Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw SportsDataException.InvalidArgument("Path", $"-Path '{path}' is not a valid folder path: {ex.Message}");
            }
        }

        /// <summary>
        /// The full path of the dataset folder <paramref name="path"/>, checked without creating anything (what a
        /// -WhatIf run uses): an empty, malformed or file path throws "InvalidParameter.Path" naming -Path.
        /// </summary>
        public static string Resolve(string path)
        {
            if (string.IsNullOrWhiteSpace(path)) throw SportsDataException.InvalidArgument("Path", "-Path is empty. Pass the folder the dataset lives in (it is created if missing).");
            string full = FullPath(path);
            if (File.Exists(full))
            {
                throw SportsDataException.InvalidArgument("Path", $"-Path '{full}' is a file. Pass a folder for the dataset (it is created if missing).");
            }
            return full;
        }

        /// <summary>Removes temporary files a killed run left behind. Call under the lock.</summary>
        public static int DeleteLeftovers(string datasetFolder) => AtomicFile.DeleteLeftovers(datasetFolder);

        /// <summary>
        /// A failure to create or write a file under the dataset (no permission, disk full), as an error naming -Path.
        /// Files are only ever replaced whole, so the dataset keeps the last complete version of each file.
        /// </summary>
        public static SportsDataException WriteFailed(string datasetFolder, Exception inner) =>
            new SportsDataException(ErrorIds.InvalidParameter("Path"), FailureKind.InvalidArgument,
                $"Could not write to -Path '{datasetFolder}': {inner.Message} Check the folder's permissions and free space, or choose another -Path. "
                + "Files are replaced only when complete, so the dataset keeps its last complete state; the next run continues from there.", inner)
            { ParameterName = "Path", Target = datasetFolder };

        /// <summary>True for exceptions that mean the file system refused a write.</summary>
        public static bool IsWriteFailure(Exception exception) =>
            exception is UnauthorizedAccessException || (exception is IOException && !(exception is EndOfStreamException));
    }
}
