using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SportsData.IO;

namespace SportsData.Sync
{
    /// <summary>
    /// The state of a dataset, <c>.sportsdata/state.json</c>: per stream (e.g. "polar/team/&lt;id&gt;/sessions") the
    /// version of every stored item (its <c>modified</c> time or a content hash), the items that failed and must be
    /// fetched again, and a few named values (cursors). Small by design: one short entry per item.
    /// <para>Order matters: change the state in memory as items complete, and <see cref="Save"/> it only after the
    /// data files and tables it covers are on disk (<see cref="SyncCommitter.Checkpoint"/> does exactly that).
    /// A crash then leaves a state that is behind the data, never ahead: the next run repeats work, never skips it.</para>
    /// The run log, <c>.sportsdata/runs.jsonl</c>, gets one JSON line per run (<see cref="AppendRun"/>).
    /// </summary>
    public sealed class SyncStateStore
    {
        public const string StateFileName = "state.json";
        public const string RunLogFileName = "runs.jsonl";
        private const int FormatVersion = 1;

        private readonly SortedDictionary<string, SyncStreamState> _streams = new SortedDictionary<string, SyncStreamState>(StringComparer.Ordinal);
        private byte[]? _savedHash;

        private SyncStateStore(string datasetFolder)
        {
            DatasetFolder = Path.GetFullPath(datasetFolder);
        }

        public string DatasetFolder { get; }

        public string StatePath => Path.Combine(SyncDataset.StateFolder(DatasetFolder), StateFileName);

        public string RunLogPath => Path.Combine(SyncDataset.StateFolder(DatasetFolder), RunLogFileName);

        /// <summary>Reads the state of <paramref name="datasetFolder"/>; an empty state when there is none yet.</summary>
        public static SyncStateStore Load(string datasetFolder)
        {
            var store = new SyncStateStore(datasetFolder);
            if (!File.Exists(store.StatePath)) return store;
            byte[] bytes = File.ReadAllBytes(store.StatePath);
            try
            {
                using JsonDocument document = JsonDocument.Parse(bytes);
                if (document.RootElement.TryGetProperty("streams", out JsonElement streams) && streams.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty stream in streams.EnumerateObject())
                    {
                        store._streams[stream.Name] = SyncStreamState.Read(stream.Name, stream.Value);
                    }
                }
            }
            catch (JsonException ex)
            {
                throw new SportsDataException(ErrorIds.Sync.StateInvalid, FailureKind.InvalidData,
                    $"The sync state {store.StatePath} is not valid JSON ({ex.Message}). Delete it to sync everything again (the data files stay and are compared), or choose another -Path.", ex)
                { ParameterName = "Path", Target = store.StatePath };
            }
            store._savedHash = Hash(store.Serialize());
            return store;
        }

        /// <summary>The stream named <paramref name="name"/>, created empty when new.</summary>
        public SyncStreamState Stream(string name)
        {
            if (!_streams.TryGetValue(name, out SyncStreamState? stream))
            {
                stream = new SyncStreamState(name);
                _streams.Add(name, stream);
            }
            return stream;
        }

        /// <summary>Writes state.json through <see cref="AtomicFile"/> when it changed. Returns the bytes written (0: unchanged).</summary>
        public long Save()
        {
            byte[] content = Serialize();
            byte[] hash = Hash(content);
            if (_savedHash != null && _savedHash.SequenceEqual(hash)) return 0;
            Directory.CreateDirectory(SyncDataset.StateFolder(DatasetFolder));
            AtomicFile.Write(StatePath, s => s.Write(content, 0, content.Length));
            _savedHash = hash;
            return content.Length;
        }

        /// <summary>The outcome of a run's first line, written when it starts; its end line (same "run" id) follows when it ends.</summary>
        public const string StartedOutcome = "started";

        /// <summary>
        /// Appends the line that says run <paramref name="runId"/> started (vendor, account, start, process id, computer),
        /// flushed to disk. A start line with no end line is a run that is still running or was killed.
        /// </summary>
        public void AppendRunStart(SyncResult result, string runId)
        {
            AppendLine(writer =>
            {
                writer.WriteString("run", runId);
                writer.WriteString("vendor", result.Vendor);
                if (result.Account != null) writer.WriteString("account", result.Account);
                writer.WriteString("start", DatasetCsv.UtcTime(result.StartTime));
                writer.WriteString("outcome", StartedOutcome);
                writer.WriteNumber("pid", System.Diagnostics.Process.GetCurrentProcess().Id);
                writer.WriteString("machine", Environment.MachineName);
            });
        }

        /// <summary>Appends one line for a finished (or failed) run to runs.jsonl, flushed to disk.</summary>
        public void AppendRun(SyncResult result, int errorCount, string outcome, string? runId = null)
        {
            AppendLine(writer =>
            {
                if (runId != null) writer.WriteString("run", runId);
                writer.WriteString("vendor", result.Vendor);
                if (result.Account != null) writer.WriteString("account", result.Account);
                writer.WriteString("start", DatasetCsv.UtcTime(result.StartTime));
                writer.WriteString("end", DatasetCsv.UtcTime(result.EndTime));
                writer.WriteString("outcome", outcome);
                writer.WriteNumber("new", result.New);
                writer.WriteNumber("changed", result.Changed);
                writer.WriteNumber("unchanged", result.Unchanged);
                writer.WriteNumber("deleted", result.Deleted);
                writer.WriteNumber("failed", result.Failed);
                writer.WriteNumber("rows", result.Rows);
                writer.WriteNumber("files", result.Files);
                writer.WriteNumber("bytes", result.Bytes);
                writer.WriteNumber("requests", result.Requests);
                writer.WriteNumber("retries", result.Retries);
                writer.WriteNumber("errors", errorCount);
            });
        }

        private void AppendLine(Action<Utf8JsonWriter> writeProperties)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writeProperties(writer);
                writer.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
            Directory.CreateDirectory(SyncDataset.StateFolder(DatasetFolder));
            using var file = new FileStream(RunLogPath, FileMode.Append, FileAccess.Write, FileShare.Read);
            // A run killed mid-line leaves a fragment: start on a fresh line so every complete line stays valid JSON.
            if (file.Length > 0 && LastByte(RunLogPath, file.Length) != (byte)'\n') file.WriteByte((byte)'\n');
            buffer.Position = 0;
            buffer.CopyTo(file);
            file.Flush(flushToDisk: true);
        }

        /// <summary>
        /// The run log's end lines (one per finished or failed run) as JSON texts, oldest first; start lines and
        /// fragments of killed runs are skipped. <see cref="SyncHistory"/> reads the whole log as runs.
        /// </summary>
        public static IReadOnlyList<string> ReadRunLog(string datasetFolder)
        {
            string path = Path.Combine(SyncDataset.StateFolder(datasetFolder), RunLogFileName);
            if (!File.Exists(path)) return Array.Empty<string>();
            var lines = new List<string>();
            foreach (string line in File.ReadAllLines(path, Encoding.UTF8))
            {
                if (line.Length == 0) continue;
                try
                {
                    using JsonDocument document = JsonDocument.Parse(line);
                    bool started = document.RootElement.ValueKind == JsonValueKind.Object
                        && document.RootElement.TryGetProperty("outcome", out JsonElement outcome)
                        && outcome.ValueKind == JsonValueKind.String && outcome.GetString() == StartedOutcome;
                    if (!started) lines.Add(line);
                }
                catch (JsonException)
                {
                }
            }
            return lines;
        }

        private static byte LastByte(string path, long length)
        {
            using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            read.Position = length - 1;
            return (byte)read.ReadByte();
        }

        private byte[] Serialize()
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", FormatVersion);
                writer.WriteStartObject("streams");
                foreach (SyncStreamState stream in _streams.Values)
                {
                    writer.WritePropertyName(stream.Name);
                    stream.Write(writer);
                }
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            return buffer.ToArray();
        }

        private static byte[] Hash(byte[] content)
        {
            using SHA256 sha = SHA256.Create();
            return sha.ComputeHash(content);
        }
    }

    /// <summary>One stream of the state: stored item versions, failed items, named values.</summary>
    public sealed class SyncStreamState
    {
        private readonly SortedDictionary<string, string> _items = new SortedDictionary<string, string>(StringComparer.Ordinal);
        private readonly SortedSet<string> _failed = new SortedSet<string>(StringComparer.Ordinal);
        private readonly SortedDictionary<string, string> _values = new SortedDictionary<string, string>(StringComparer.Ordinal);

        internal SyncStreamState(string name)
        {
            Name = name;
        }

        public string Name { get; }

        /// <summary>Stored items: key -> version.</summary>
        public IReadOnlyDictionary<string, string> Items => _items;

        /// <summary>The stored version of <paramref name="key"/>, or null when it was never stored (or failed).</summary>
        public string? Version(string key) => _items.TryGetValue(key, out string? version) ? version : null;

        /// <summary>
        /// What a listed item needs: <see cref="SyncItemStatus.New"/> (never stored), <see cref="SyncItemStatus.Changed"/>
        /// (stored in another version, or failed last time) or <see cref="SyncItemStatus.Unchanged"/>.
        /// </summary>
        public SyncItemStatus Classify(string key, string version)
        {
            string? stored = Version(key);
            if (stored == null) return SyncItemStatus.New;
            return stored == version && !_failed.Contains(key) ? SyncItemStatus.Unchanged : SyncItemStatus.Changed;
        }

        /// <summary>Records <paramref name="key"/> as stored in <paramref name="version"/> (clears a failure). Call once its data is written.</summary>
        public void SetVersion(string key, string version)
        {
            _items[key] = version;
            _failed.Remove(key);
        }

        /// <summary>Records that <paramref name="key"/> failed: the next run fetches it again. Its stored version, if any, stays.</summary>
        public void MarkFailed(string key) => _failed.Add(key);

        public bool IsFailed(string key) => _failed.Contains(key);

        /// <summary>Forgets <paramref name="key"/> (version and failure).</summary>
        public bool Remove(string key)
        {
            _failed.Remove(key);
            return _items.Remove(key);
        }

        /// <summary>A named value (cursor, continuation token, newest start time), or null.</summary>
        public string? Get(string name) => _values.TryGetValue(name, out string? value) ? value : null;

        /// <summary>Sets (or with null removes) a named value.</summary>
        public void Set(string name, string? value)
        {
            if (value == null) _values.Remove(name);
            else _values[name] = value;
        }

        /// <summary>A version string for items without a modified time: a short hash of their content text.</summary>
        public static string ContentVersion(string content)
        {
            using SHA256 sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(content));
            return "sha256:" + BitConverter.ToString(hash, 0, 12).Replace("-", string.Empty).ToLowerInvariant();
        }

        internal void Write(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("items");
            foreach (KeyValuePair<string, string> item in _items) writer.WriteString(item.Key, item.Value);
            writer.WriteEndObject();
            writer.WriteStartArray("failed");
            foreach (string key in _failed) writer.WriteStringValue(key);
            writer.WriteEndArray();
            writer.WriteStartObject("values");
            foreach (KeyValuePair<string, string> value in _values) writer.WriteString(value.Key, value.Value);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        internal static SyncStreamState Read(string name, JsonElement element)
        {
            var stream = new SyncStreamState(name);
            if (element.TryGetProperty("items", out JsonElement items) && items.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty item in items.EnumerateObject()) stream._items[item.Name] = item.Value.GetString() ?? string.Empty;
            }
            if (element.TryGetProperty("failed", out JsonElement failed) && failed.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement key in failed.EnumerateArray()) if (key.GetString() is string k) stream._failed.Add(k);
            }
            if (element.TryGetProperty("values", out JsonElement values) && values.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty value in values.EnumerateObject()) if (value.Value.GetString() is string v) stream._values[value.Name] = v;
            }
            return stream;
        }
    }

    /// <summary>What a listed item needs in this run.</summary>
    public enum SyncItemStatus
    {
        Unchanged,
        New,
        Changed,
    }
}
