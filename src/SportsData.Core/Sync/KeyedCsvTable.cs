using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SportsData.IO;

namespace SportsData.Sync
{
    /// <summary>
    /// One table file of a dataset (teams.csv, sessions.csv, ...): one row per primary key, rows sorted by key
    /// (ordinal), written whole through <see cref="AtomicFile"/> and only when its content changed.
    /// <para>Usage: <c>var table = KeyedCsvTable.Load(path, columns, keyColumns)</c>; <see cref="Upsert"/> rows
    /// (values in the order of <see cref="Columns"/>, null for empty); <see cref="ReplaceWhere"/> replaces every row
    /// of one parent (all markers of a session) in one step; <see cref="MarkDeleted"/> keeps a row and stamps
    /// <c>deleted_at</c>; <see cref="Save"/> (usually through <see cref="SyncCommitter.Checkpoint"/>) writes it.</para>
    /// A path ending in ".gz" is read and written gzip-compressed. An existing file with other columns (an older
    /// version of the module) is read by header name; columns it lacks are empty.
    /// Tables hold their rows in memory: they are the small, per-item tables; bulk data goes to data files.
    /// </summary>
    public sealed class KeyedCsvTable
    {
        /// <summary>The column that <see cref="MarkDeleted"/> stamps (UTC ISO 8601), when the table has it.</summary>
        public const string DeletedAtColumn = "deleted_at";

        private readonly SortedDictionary<string, string?[]> _rows = new SortedDictionary<string, string?[]>(StringComparer.Ordinal);
        private int[] _keyIndexes;
        private Dictionary<string, int> _columnIndex;
        private byte[]? _savedHash;
        private bool _dirty;
        private bool _utf8Bom;
        private bool _fileHasBom;

        private KeyedCsvTable(string path, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns)
        {
            if (columns.Count == 0) throw new ArgumentException("A table needs at least one column.", nameof(columns));
            FilePath = Path.GetFullPath(path);
            Columns = columns.ToArray();
            _columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < Columns.Count; i++) _columnIndex.Add(Columns[i], i);
            KeyColumns = keyColumns.ToArray();
            if (KeyColumns.Count == 0) throw new ArgumentException("A table needs at least one key column.", nameof(keyColumns));
            _keyIndexes = KeyColumns.Select(IndexOf).ToArray();
        }

        /// <summary>Full path of the table file.</summary>
        public string FilePath { get; }

        /// <summary>File name, for messages ("teams.csv").</summary>
        public string Name => Path.GetFileName(FilePath);

        public IReadOnlyList<string> Columns { get; private set; }

        public IReadOnlyList<string> KeyColumns { get; }

        public int Count => _rows.Count;

        /// <summary>True when rows changed in memory since the last load or save.</summary>
        public bool IsDirty => _dirty;

        /// <summary>Rows sorted by key; each row has one value per column (null = empty).</summary>
        public IEnumerable<IReadOnlyList<string?>> Rows => _rows.Values;

        /// <summary>Loads the table from <paramref name="path"/>, or starts an empty one when the file does not exist.</summary>
        public static KeyedCsvTable Load(string path, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns)
        {
            var table = new KeyedCsvTable(path, columns, keyColumns);
            if (File.Exists(table.FilePath)) table.ReadExisting();
            return table;
        }

        /// <summary>The header of the table file at <paramref name="path"/>: its column names, or none when there is no file.</summary>
        public static IReadOnlyList<string> ReadHeader(string path) =>
            File.Exists(path) ? DatasetCsv.ReadRecords(path).FirstOrDefault() ?? Array.Empty<string>() : Array.Empty<string>();

        /// <summary>
        /// Changes the columns (a table whose columns follow its data): values are kept by column name, new columns
        /// are empty, dropped ones go. The key columns must stay. Returns true when the columns changed.
        /// </summary>
        public bool Reshape(IReadOnlyList<string> columns)
        {
            if (columns.SequenceEqual(Columns, StringComparer.Ordinal)) return false;
            foreach (string key in KeyColumns)
            {
                if (!columns.Contains(key, StringComparer.Ordinal)) throw new ArgumentException($"The columns of {Name} must keep the key column '{key}'.", nameof(columns));
            }
            int[] from = columns.Select(c => _columnIndex.TryGetValue(c, out int i) ? i : -1).ToArray();
            foreach (string key in _rows.Keys.ToList())
            {
                string?[] old = _rows[key];
                _rows[key] = from.Select(i => i >= 0 ? old[i] : null).ToArray();
            }
            Columns = columns.ToArray();
            _columnIndex = Columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
            _keyIndexes = KeyColumns.Select(IndexOf).ToArray();
            _dirty = true;
            return true;
        }

        /// <summary>Position of <paramref name="column"/> in <see cref="Columns"/>; throws for an unknown name.</summary>
        public int IndexOf(string column) =>
            _columnIndex.TryGetValue(column, out int index) ? index : throw new ArgumentException($"The table {Name} has no column '{column}'.", nameof(column));

        /// <summary>The value of <paramref name="column"/> in <paramref name="row"/>.</summary>
        public string? Value(IReadOnlyList<string?> row, string column) => row[IndexOf(column)];

        /// <summary>The row with this key (key column values in the order of <see cref="KeyColumns"/>), or null.</summary>
        public IReadOnlyList<string?>? Find(params string?[] key) =>
            _rows.TryGetValue(KeyText(key), out string?[]? row) ? row : null;

        /// <summary>Rows whose <paramref name="column"/> equals <paramref name="value"/> (ordinal).</summary>
        public IEnumerable<IReadOnlyList<string?>> Where(string column, string? value)
        {
            int index = IndexOf(column);
            return _rows.Values.Where(r => string.Equals(r[index] ?? string.Empty, value ?? string.Empty, StringComparison.Ordinal)).ToArray();
        }

        /// <summary>Adds the row, or replaces the row with the same key. Returns true when the table changed.</summary>
        public bool Upsert(IReadOnlyList<string?> row)
        {
            string?[] values = Normalize(row);
            string key = KeyOf(values);
            if (_rows.TryGetValue(key, out string?[]? existing) && existing.SequenceEqual(values, StringComparer.Ordinal)) return false;
            _rows[key] = values;
            _dirty = true;
            return true;
        }

        /// <summary>Removes the row with this key. Returns true when there was one.</summary>
        public bool Remove(params string?[] key)
        {
            bool removed = _rows.Remove(KeyText(key));
            _dirty |= removed;
            return removed;
        }

        /// <summary>
        /// Replaces all rows whose <paramref name="column"/> equals <paramref name="value"/> with <paramref name="rows"/>
        /// (e.g. all markers of one session): rows of the old version that the new one lacks disappear, so a changed
        /// item never leaves duplicates. Returns true when the table changed.
        /// </summary>
        public bool ReplaceWhere(string column, string value, IEnumerable<IReadOnlyList<string?>> rows)
        {
            int index = IndexOf(column);
            var replacement = new SortedDictionary<string, string?[]>(StringComparer.Ordinal);
            foreach (IReadOnlyList<string?> row in rows)
            {
                string?[] values = Normalize(row);
                if (!string.Equals(values[index] ?? string.Empty, value, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"A row for {Name} has {column}='{values[index]}', not '{value}'.", nameof(rows));
                }
                replacement[KeyOf(values)] = values;
            }
            List<string> old = _rows.Where(p => string.Equals(p.Value[index] ?? string.Empty, value, StringComparison.Ordinal)).Select(p => p.Key).ToList();
            bool same = old.Count == replacement.Count && old.All(k => replacement.TryGetValue(k, out string?[]? r) && r.SequenceEqual(_rows[k], StringComparer.Ordinal));
            if (same) return false;
            foreach (string key in old) _rows.Remove(key);
            foreach (KeyValuePair<string, string?[]> pair in replacement) _rows[pair.Key] = pair.Value;
            _dirty = true;
            return true;
        }

        /// <summary>
        /// Stamps <c>deleted_at</c> on rows whose <paramref name="column"/> equals <paramref name="value"/> and that are
        /// not marked yet (a row keeps its first mark, so reruns do not rewrite it). Returns how many rows were marked.
        /// </summary>
        public int MarkDeleted(string column, string value, DateTime deletedAtUtc)
        {
            int index = IndexOf(column);
            int deletedIndex = IndexOf(DeletedAtColumn);
            string stamp = DatasetCsv.UtcTime(DateTime.SpecifyKind(deletedAtUtc, DateTimeKind.Utc))!;
            int marked = 0;
            foreach (string?[] row in _rows.Values)
            {
                if (!string.Equals(row[index] ?? string.Empty, value, StringComparison.Ordinal) || !string.IsNullOrEmpty(row[deletedIndex])) continue;
                row[deletedIndex] = stamp;
                marked++;
            }
            _dirty |= marked > 0;
            return marked;
        }

        /// <summary>
        /// Writes the table (header, rows by key) through <see cref="AtomicFile"/> when its content differs from the
        /// file on disk. Returns the bytes written, or 0 when the file already held exactly this content.
        /// </summary>
        public long Save()
        {
            byte[] content = Serialize(out byte[] hash);
            if (_savedHash != null && _savedHash.SequenceEqual(hash) && File.Exists(FilePath))
            {
                _dirty = false;
                return 0;
            }
            string? folder = Path.GetDirectoryName(FilePath);
            if (folder != null) Directory.CreateDirectory(folder);
            AtomicFile.Write(FilePath, stream =>
            {
                if (DatasetCsv.IsCompressed(FilePath))
                {
                    using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true);
                    gzip.Write(content, 0, content.Length);
                }
                else
                {
                    stream.Write(content, 0, content.Length);
                }
            });
            _savedHash = hash;
            _fileHasBom = _utf8Bom;
            _dirty = false;
            return new FileInfo(FilePath).Length;
        }

        /// <summary>
        /// Start the file with a UTF-8 byte-order mark (-Encoding Utf8Bom; plain .csv only). A file on disk that differs in
        /// this is rewritten at the next save, so the choice applies to the whole table.
        /// </summary>
        public bool Utf8Bom
        {
            get => _utf8Bom;
            set
            {
                _utf8Bom = value && !DatasetCsv.IsCompressed(FilePath);
                if (File.Exists(FilePath) && _utf8Bom != _fileHasBom) _dirty = true;
            }
        }

        /// <summary>The uncompressed CSV bytes the table would write now.</summary>
        internal byte[] Serialize(out byte[] hash)
        {
            using var buffer = new MemoryStream();
            if (_utf8Bom) DatasetCsv.WriteByteOrderMark(buffer);
            DatasetCsv.Write(buffer, Columns, _rows.Values, compress: false);
            byte[] content = buffer.ToArray();
            using (SHA256 sha = SHA256.Create()) hash = sha.ComputeHash(content);
            return content;
        }

        private void ReadExisting()
        {
            int[]? map = null;
            foreach (string[] record in DatasetCsv.ReadRecords(FilePath))
            {
                if (map == null)
                {
                    map = record.Select(name => _columnIndex.TryGetValue(name, out int i) ? i : -1).ToArray();
                    foreach (string key in KeyColumns)
                    {
                        if (Array.IndexOf(record, key) < 0)
                        {
                            throw new SportsDataException(ErrorIds.Sync.TableInvalid, FailureKind.InvalidData,
                                $"The table {FilePath} has no '{key}' column, so it is not a table this module wrote. Move it away or choose another -Path.")
                            { ParameterName = "Path", Target = FilePath };
                        }
                    }
                    continue;
                }
                var values = new string?[Columns.Count];
                for (int i = 0; i < record.Length && i < map.Length; i++)
                {
                    if (map[i] >= 0) values[map[i]] = record[i].Length == 0 ? null : record[i];
                }
                _rows[KeyOf(values)] = values;
            }
            _savedHash = HashOfFileContent(FilePath);
            _fileHasBom = DatasetCsv.StartsWithByteOrderMark(FilePath);
            _dirty = false;
        }

        /// <summary>SHA-256 of the file's (decompressed) bytes: a table is rewritten only when its new content differs.</summary>
        private static byte[] HashOfFileContent(string path)
        {
            using Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using Stream source = DatasetCsv.IsCompressed(path) ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress) : file;
            using SHA256 sha = SHA256.Create();
            return sha.ComputeHash(source);
        }

        private string?[] Normalize(IReadOnlyList<string?> row)
        {
            if (row.Count != Columns.Count)
            {
                throw new ArgumentException($"A row for {Name} has {row.Count} values; the table has {Columns.Count} columns.", nameof(row));
            }
            var values = new string?[row.Count];
            for (int i = 0; i < values.Length; i++) values[i] = string.IsNullOrEmpty(row[i]) ? null : row[i];
            // The first key column identifies the item and must be set; later ones may be empty (a report metric without a side).
            if (values[_keyIndexes[0]] == null) throw new ArgumentException($"A row for {Name} has no value for the key column '{Columns[_keyIndexes[0]]}'.", nameof(row));
            return values;
        }

        private string KeyOf(string?[] values) => KeyText(_keyIndexes.Select(i => values[i]).ToArray());

        // The unit separator never occurs in vendor ids, so composite keys sort column by column.
        private static string KeyText(string?[] key) => string.Join("\u001f", key.Select(k => k ?? string.Empty));
    }
}
