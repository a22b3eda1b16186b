using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace SportsData.Sync
{
    /// <summary>
    /// Reads the run logs (<c>.sportsdata/runs.jsonl</c>) of a dataset folder, or of every dataset folder directly
    /// under a Sync-SportsData root, as <see cref="SyncRunRecord"/>s, newest first. Each run logs a start line and,
    /// when it ends, an end line with the same run id (<see cref="SyncRun"/>). A start line without an end line is a
    /// run that is still running when its process is (the same process id, started no later than the run, on this
    /// computer), and otherwise a run whose process was killed: shown as <see cref="SyncRunOutcome.Failed"/> with
    /// <see cref="SyncRunRecord.Killed"/>. Reads only; takes no lock.
    /// </summary>
    public static class SyncHistory
    {
        /// <summary>
        /// The runs logged under <paramref name="path"/> (a dataset folder, or a root whose subfolders are dataset
        /// folders), newest first, at most <paramref name="last"/> when given. Throws "InvalidParameter.Path" naming
        /// -Path when the folder does not exist or holds no dataset.
        /// </summary>
        public static IReadOnlyList<SyncRunRecord> Read(string path, int? last = null)
        {
            IReadOnlyList<string> folders = DatasetFolders(path);
            IEnumerable<SyncRunRecord> runs = folders.SelectMany(ReadDataset)
                .OrderByDescending(r => r.StartTime)
                .ThenBy(r => r.Path, StringComparer.Ordinal);
            if (last != null) runs = runs.Take(last.Value);
            return runs.ToList();
        }

        /// <summary>
        /// The dataset folders <paramref name="path"/> stands for: itself when it holds a <c>.sportsdata</c> folder,
        /// and each direct subfolder that does (the vendor and account folders of a Sync-SportsData root).
        /// </summary>
        public static IReadOnlyList<string> DatasetFolders(string path)
        {
            string full = SyncDataset.Resolve(path);
            if (!Directory.Exists(full))
            {
                throw SportsDataException.InvalidArgument("Path", $"-Path '{full}' does not exist. Pass the folder a Sync-* cmdlet or Sync-SportsData writes to.");
            }
            var folders = new List<string>();
            if (SyncDataset.IsDataset(full)) folders.Add(full);
            foreach (string sub in Directory.EnumerateDirectories(full).OrderBy(d => d, StringComparer.Ordinal))
            {
                if (System.IO.Path.GetFileName(sub) != SyncDataset.StateFolderName && SyncDataset.IsDataset(sub)) folders.Add(sub);
            }
            if (folders.Count == 0)
            {
                throw SportsDataException.InvalidArgument("Path",
                    $"-Path '{full}' holds no sync dataset (no .sportsdata folder in it or in its subfolders). Pass the -Path given to Sync-PolarTeamPro, Sync-Valor, Sync-ManagedSession or Sync-SportsData.");
            }
            return folders;
        }

        /// <summary>The runs of one dataset folder, oldest first.</summary>
        public static IReadOnlyList<SyncRunRecord> ReadDataset(string datasetFolder)
        {
            string folder = System.IO.Path.GetFullPath(datasetFolder);
            string log = System.IO.Path.Combine(SyncDataset.StateFolder(folder), SyncStateStore.RunLogFileName);
            var runs = new List<SyncRunRecord>();
            if (!File.Exists(log)) return runs;
            var open = new Dictionary<string, SyncRunRecord>(StringComparer.Ordinal);
            SyncRunRecord? lastStarted = null;
            using (var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream, Encoding.UTF8))
            {
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    if (line.Length == 0) continue;
                    JsonDocument document;
                    try
                    {
                        document = JsonDocument.Parse(line);
                    }
                    catch (JsonException)
                    {
                        continue; // a fragment a killed run left mid-line
                    }
                    using (document)
                    {
                        JsonElement root = document.RootElement;
                        if (root.ValueKind != JsonValueKind.Object) continue;
                        string? runId = Text(root, "run");
                        string? outcome = Text(root, "outcome");
                        if (outcome == SyncStateStore.StartedOutcome)
                        {
                            // Runs of one folder never overlap (the lock), so a run still open when the next starts was killed.
                            foreach (SyncRunRecord stale in open.Values) MarkKilled(stale);
                            open.Clear();
                            var started = new SyncRunRecord
                            {
                                Path = folder,
                                RunId = runId,
                                Vendor = Text(root, "vendor") ?? string.Empty,
                                Account = Text(root, "account"),
                                StartTime = Time(root, "start") ?? DateTime.MinValue,
                                Outcome = SyncRunOutcome.Running,
                                ProcessId = root.TryGetProperty("pid", out JsonElement pid) && pid.TryGetInt32(out int id) ? id : (int?)null,
                                ComputerName = Text(root, "machine"),
                            };
                            runs.Add(started);
                            if (runId != null) open[runId] = started;
                            lastStarted = started;
                            continue;
                        }
                        SyncRunRecord run;
                        if (runId != null && open.TryGetValue(runId, out SyncRunRecord? begun))
                        {
                            open.Remove(runId);
                            run = begun;
                        }
                        else
                        {
                            run = new SyncRunRecord { Path = folder, RunId = runId };
                            runs.Add(run);
                        }
                        Fill(run, root, outcome);
                    }
                }
            }
            foreach (SyncRunRecord stillOpen in open.Values)
            {
                if (stillOpen == lastStarted && IsRunning(stillOpen, folder)) continue;
                MarkKilled(stillOpen);
            }
            return runs;
        }

        private static void Fill(SyncRunRecord run, JsonElement line, string? outcome)
        {
            run.Vendor = Text(line, "vendor") ?? run.Vendor;
            run.Account = Text(line, "account") ?? run.Account;
            run.StartTime = Time(line, "start") ?? run.StartTime;
            run.EndTime = Time(line, "end");
            run.Outcome = outcome switch
            {
                "completed" => SyncRunOutcome.Completed,
                "completed with errors" => SyncRunOutcome.CompletedWithErrors,
                _ => SyncRunOutcome.Failed,
            };
            run.New = (int)Number(line, "new");
            run.Changed = (int)Number(line, "changed");
            run.Unchanged = (int)Number(line, "unchanged");
            run.Deleted = (int)Number(line, "deleted");
            run.Failed = (int)Number(line, "failed");
            run.Rows = Number(line, "rows");
            run.Files = (int)Number(line, "files");
            run.Bytes = Number(line, "bytes");
            run.Requests = Number(line, "requests");
            run.Retries = Number(line, "retries");
            run.Errors = (int)Number(line, "errors");
        }

        private static void MarkKilled(SyncRunRecord run)
        {
            run.Outcome = SyncRunOutcome.Failed;
            run.Killed = true;
            run.Errors = 1;
            string process = run.ProcessId != null ? $" (process {run.ProcessId}{(run.ComputerName != null ? " on " + run.ComputerName : string.Empty)})" : string.Empty;
            run.Message = $"The run never logged its end: its process{process} was killed or crashed. The next run continued from what it had saved.";
        }

        /// <summary>
        /// Whether the process of the last open run still runs. On this computer: the same process id, started no later
        /// than the run, and the dataset's lock held. On another computer (a shared folder): whether the lock is held.
        /// </summary>
        private static bool IsRunning(SyncRunRecord run, string folder)
        {
            if (run.ProcessId == null) return false;
            if (run.ComputerName != null && !string.Equals(run.ComputerName, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
            {
                bool held = DatasetLock.IsHeld(folder);
                if (held) run.Message = $"Running on {run.ComputerName} (its dataset lock is held).";
                return held;
            }
            // A live process is not enough: a run can end without its end line in a session that goes on, and the process may
            // belong to another user (a scheduled task's account) whose start time cannot be read. The lock decides then.
            try
            {
                using Process process = Process.GetProcessById(run.ProcessId.Value);
                if (process.HasExited) return false;
                if (process.StartTime.ToUniversalTime() > run.StartTime.AddSeconds(1)) return false;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception || ex is NotSupportedException)
            {
                // The process exists but cannot be inspected: the lock decides.
            }
            return DatasetLock.IsHeld(folder);
        }

        private static string? Text(JsonElement line, string name) =>
            line.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static long Number(JsonElement line, string name) =>
            line.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) ? number : 0;

        private static DateTime? Time(JsonElement line, string name) => SportsData.Json.JsonRecord.ParseUtc(Text(line, name));
    }
}
