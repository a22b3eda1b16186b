using System;
using System.IO;

namespace SportsData.Sync
{
    /// <summary>What a -WhatIf run needs from the dataset folder without writing anything: the checked path and the stored state.</summary>
    internal static class SyncPreview
    {
        /// <summary>The full path of the dataset folder, with the same -Path errors as a real run; nothing is created.</summary>
        public static string Folder(string path)
        {
            if (string.IsNullOrWhiteSpace(path)) throw SportsDataException.InvalidArgument("Path", "-Path is empty. Pass the folder the dataset lives in (it is created if missing).");
            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw SportsDataException.InvalidArgument("Path", $"-Path '{path}' is not a valid folder path: {ex.Message}");
            }
            if (File.Exists(full)) throw SportsDataException.InvalidArgument("Path", $"-Path '{full}' is a file. Pass a folder for the dataset (it is created if missing).");
            return full;
        }

        /// <summary>The stored state, or an empty one for a folder that has none yet.</summary>
        public static SyncStateStore LoadState(string folder) => SyncStateStore.Load(folder);
    }
}
