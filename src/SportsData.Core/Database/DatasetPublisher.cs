#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SportsData.Database.Postgres;
using SportsData.Http;
using SportsData.Sync;

namespace SportsData.Database
{
    public static partial class DatasetPublisher
    {
        private static readonly string[] SampleExtensions = { ".csv", ".csv.gz", SampleFile.ParquetExtension };

        /// <summary>
        /// Publishes the dataset at <see cref="PublishOptions.Path"/> (or each dataset under a Sync-SportsData root),
        /// writing one <see cref="PublishResult"/> per dataset to <see cref="PublishOptions.WriteResult"/>.
        /// </summary>
        public static Task PublishAsync(PublishOptions options, CancellationToken cancellationToken) =>
            PublishAsync(options, o => new PostgresTarget(o.ConnectionString, o.UserName, o.Password), cancellationToken);

        internal static async Task PublishAsync(PublishOptions options, Func<PublishOptions, IDatabaseTarget> connect, CancellationToken cancellationToken)
        {
            List<(string Folder, string Vendor)> datasets = Datasets(options.Path);
            if (options.Schema != null)
            {
                if (datasets.Count > 1)
                {
                    throw SportsDataException.InvalidArgument("Schema", $"-Schema names one schema, but -Path '{options.Path}' holds {datasets.Count} datasets ({string.Join(", ", datasets.Select(d => d.Vendor))}), each published to its own schema. Leave -Schema out, or publish each dataset folder on its own.");
                }
                ValidateSchema(options.Schema);
            }
            // Checked before any dataset is touched, so a bad connection string loses nothing.
            await using (IDatabaseTarget probe = connect(options)) { }
            foreach ((string folder, string vendor) in datasets)
            {
                string schema = options.Schema ?? PublishContract.DefaultSchema(vendor);
                var result = new PublishResult { Vendor = vendor, Path = folder, Schema = schema, StartTime = DateTime.UtcNow };
                await using IDatabaseTarget target = connect(options);
                result.Database = target.Description;
                bool go = options.ShouldProcess == null || await options.ShouldProcess($"{vendor} dataset '{folder}' into schema '{schema}' at {target.Description}", "Publish").ConfigureAwait(false);
                if (!go) continue;
                try
                {
                    using (DatasetLock datasetLock = LockDataset(folder))
                    {
                        await target.OpenAsync(cancellationToken).ConfigureAwait(false);
                        await target.LockSchemaAsync(schema, cancellationToken).ConfigureAwait(false);
                        await new Run(options, target, folder, vendor, schema, result).LoadAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (datasets.Count > 1 && options.ReportError != null && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
                    && !(ex is SportsDataException { ParameterName: "ConnectionString" or "Credential" }))
                {
                    // A root's datasets are separate inputs: one that cannot be published (locked, its schema locked) is its own
                    // error and the others still load.
                    options.ReportError(ex, folder);
                    continue;
                }
                result.EndTime = DateTime.UtcNow;
                options.WriteResult?.Invoke(result);
            }
        }

        /// <summary>The dataset folders under <paramref name="path"/>: itself, or the vendor folders of a Sync-SportsData root.</summary>
        internal static List<(string Folder, string Vendor)> Datasets(string path)
        {
            if (string.IsNullOrWhiteSpace(path)) throw SportsDataException.InvalidArgument("Path", "-Path is empty. Pass a dataset folder (Sync-PolarTeamPro, Sync-Valor, Sync-ManagedSession -Path) or a Sync-SportsData root.");
            string full = SyncDataset.FullPath(path);
            if (!Directory.Exists(full))
            {
                throw SportsDataException.InvalidArgument("Path", $"-Path '{full}' does not exist. Pass a folder a Sync-* command wrote (or a Sync-SportsData root).");
            }
            string? vendor = VendorOf(full);
            if (vendor != null) return new List<(string, string)> { (full, vendor) };
            var found = new List<(string Folder, string Vendor)>();
            foreach (string child in Directory.EnumerateDirectories(full).OrderBy(d => d, StringComparer.Ordinal))
            {
                string? childVendor = VendorOf(child);
                if (childVendor != null) found.Add((child, childVendor));
            }
            if (found.Count == 0)
            {
                throw new SportsDataException(ErrorIds.Publish.NotADataset, FailureKind.InvalidArgument,
                    $"-Path '{full}' is not a dataset: it has no {SyncDataset.StateFolderName} folder with a sync state and no dataset tables, nor do its subfolders. " +
                    "Pass a folder that Sync-PolarTeamPro, Sync-Valor or Sync-ManagedSession wrote, or the root Sync-SportsData wrote.")
                { ParameterName = "Path", Target = full };
            }
            return found;
        }

        /// <summary>The vendor of a dataset folder (one with a .sportsdata state folder and tables the contract knows), else null.</summary>
        private static string? VendorOf(string folder)
        {
            if (!SyncDataset.IsDataset(folder)) return null;
            List<string> tableFiles = TableFiles(folder).ToList();
            var tables = tableFiles.Select(TableName).ToList();
            var folders = Directory.EnumerateDirectories(folder).Select(System.IO.Path.GetFileName).Where(n => n != null).Select(n => n!).ToList();
            return PublishContract.VendorOf(tables, folders, table =>
            {
                string? file = tableFiles.FirstOrDefault(f => TableName(f) == table);
                if (file == null) return Array.Empty<string>();
                using var reader = new DatasetFileReader(file);
                return reader.Columns;
            });
        }

        private static IEnumerable<string> TableFiles(string folder) =>
            Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f, StringComparer.Ordinal);

        private static string TableName(string file)
        {
            string name = System.IO.Path.GetFileName(file);
            return name.Substring(0, name.IndexOf(".csv", StringComparison.OrdinalIgnoreCase));
        }

        private static void ValidateSchema(string schema)
        {
            if (schema.Length == 0 || schema.Length > 63 || schema.StartsWith("pg_", StringComparison.OrdinalIgnoreCase) || schema.Any(c => c == '"' || char.IsControl(c)))
            {
                throw SportsDataException.InvalidArgument("Schema", $"-Schema '{schema}' is not a schema name this command can use: 1 to 63 characters, no double quotes, not starting with pg_.");
            }
        }

        private static DatasetLock LockDataset(string folder)
        {
            try
            {
                return DatasetLock.Acquire(folder);
            }
            catch (SportsDataException ex) when (ex.ErrorId == ErrorIds.Sync.DatasetLocked)
            {
                throw new SportsDataException(ErrorIds.Publish.DatasetLocked, FailureKind.InvalidOperation,
                    $"A sync is writing to '{folder}' right now, so its files are mid-change. Publish after the sync has finished (Sync-SportsData -PublishConnectionString does this for you). {ex.Message}", null)
                { ParameterName = "Path", Target = folder };
            }
        }

        /// <summary>One dataset's load: tables first, then each sample folder's removals and files.</summary>
        private sealed class Run(PublishOptions options, IDatabaseTarget target, string folder, string vendor, string schema, PublishResult result)
        {
            // A field, not the parameter: the loaders below name their own per-file target "target".
            private readonly IDatabaseTarget _target = target;
            private readonly IRequestLog _log = RequestLog.Current;
            private Dictionary<string, LoadRecord> _records = new Dictionary<string, LoadRecord>();
            private long _done;
            private long _total;
            private readonly object _counting = new object();

            public async Task LoadAsync(CancellationToken cancellationToken)
            {
                await _target.EnsureSchemaAsync(schema, cancellationToken).ConfigureAwait(false);
                _records = await _target.ReadLoadRecordsAsync(schema, cancellationToken).ConfigureAwait(false);
                List<string> tables = TableFiles(folder).ToList();
                var sampleFiles = PublishContract.SampleSetsOf(vendor)
                    .Select(set => (Set: set, Files: SampleFiles(set).ToList()))
                    .ToList();
                _total = tables.Count + sampleFiles.Sum(s => s.Files.Count);
                _log.Verbose($"Publishing {folder} ({vendor}) into schema '{schema}' at {_target.Description}: {tables.Count} tables, {_total - tables.Count} sample files.");

                foreach (string table in tables)
                {
                    await UnitAsync("table:" + System.IO.Path.GetFileName(table), () => TableAsync(table, cancellationToken), cancellationToken).ConfigureAwait(false);
                }
                foreach ((SampleSet set, List<string> files) in sampleFiles)
                {
                    await SampleSetAsync(set, files, cancellationToken).ConfigureAwait(false);
                }
            }

            private IEnumerable<string> SampleFiles(SampleSet set)
            {
                string root = System.IO.Path.Combine(folder, set.Folder);
                if (!Directory.Exists(root)) return Enumerable.Empty<string>();
                return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                    .Where(f => SampleExtensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                    .OrderBy(f => f, StringComparer.Ordinal);
            }

            private string Relative(string file) => System.IO.Path.GetRelativePath(folder, file).Replace('\\', '/');

            /// <summary>Runs one unit; a failure of that unit alone is reported and the load goes on.</summary>
            private async Task UnitAsync(string unit, Func<Task> apply, CancellationToken cancellationToken)
            {
                _log.Progress(Activity, $"{schema}: {unit}", _done, _total);
                try
                {
                    options.BeforeUnit?.Invoke(unit);
                    await apply().ConfigureAwait(false);
                }
                catch (Exception ex) when (IsUnitFailure(ex, cancellationToken))
                {
                    Count(r => r.Failed++);
                    options.ReportError?.Invoke(ex is PostgresException pg ? UnitFailed(unit, pg) : ex, unit);
                }
                Interlocked.Increment(ref _done);
            }

            /// <summary>Sample files load in parallel: the result's counts are changed under one lock.</summary>
            private void Count(Action<PublishResult> change)
            {
                lock (_counting) change(result);
            }

            /// <summary>A failure about one file (bad value, a constraint a user added); not a lost connection, not cancellation.</summary>
            private static bool IsUnitFailure(Exception ex, CancellationToken cancellationToken) =>
                !cancellationToken.IsCancellationRequested && (ex is PostgresException || (ex is SportsDataException s && s.Kind == FailureKind.InvalidData) || ex is IOException);

            private SportsDataException UnitFailed(string unit, PostgresException pg) =>
                new SportsDataException(ErrorIds.Publish.UnitFailed, FailureKind.InvalidOperation,
                    $"{unit} could not be loaded into schema '{schema}': {pg.SqlState} {pg.MessageText}{(pg.ColumnName != null ? " (column " + pg.ColumnName + ")" : string.Empty)}. " +
                    "Nothing of it was written; the database keeps its previous version, and the next run tries again.", null)
                { Target = unit };

            private async Task TableAsync(string file, CancellationToken cancellationToken)
            {
                string unit = "table:" + System.IO.Path.GetFileName(file);
                string name = TableName(file);
                var info = new FileInfo(file);
                string version = DatasetFileReader.HashFile(file);
                if (_records.TryGetValue(unit, out LoadRecord? old) && old.Version == version)
                {
                    result.Unchanged++;
                    return;
                }

                string[]? key = PublishContract.KeyOf(vendor, name);
                // One pass to learn what the values are; the file is small (tables hold no samples).
                string[] columns;
                ColumnType[] seen;
                using (var scan = new DatasetFileReader(file))
                {
                    columns = scan.Columns;
                    seen = new ColumnType[columns.Length];
                    while (scan.Read())
                    {
                        for (int i = 0; i < columns.Length; i++)
                        {
                            if (seen[i] == ColumnType.Text) continue;
                            ReadOnlySpan<char> value = scan.Span(i);
                            if (!value.IsEmpty) seen[i] = DatasetTypes.Unify(seen[i], DatasetTypes.Infer(value));
                        }
                    }
                }
                if (key != null && key.Any(k => !columns.Contains(k)))
                {
                    throw new SportsDataException(ErrorIds.Publish.FileInvalid, FailureKind.InvalidData,
                        $"{file} lacks its key column(s) {string.Join(", ", key.Where(k => !columns.Contains(k)))}, so it is not a table this module wrote. Move it out of the dataset folder.", null)
                    { ParameterName = "Path", Target = file };
                }

                Dictionary<string, ColumnType> existing = await _target.ReadColumnsAsync(schema, name, cancellationToken).ConfigureAwait(false);
                var shape = new List<(string, ColumnType)>();
                for (int i = 0; i < columns.Length; i++)
                {
                    ColumnType wanted = PublishContract.DeclaredTableType(columns[i], key) ?? (seen[i] == ColumnType.Unknown ? ColumnType.Text : seen[i]);
                    if (existing.TryGetValue(PostgresTarget.Identifier(columns[i]), out ColumnType current) && current != ColumnType.Unknown) wanted = current;
                    // A column keeps its type while the values fit; a value that does not widens it (bigint -> double -> text).
                    if (!DatasetTypes.Fits(seen[i], wanted)) wanted = DatasetTypes.Unify(wanted, seen[i]);
                    shape.Add((columns[i], wanted));
                }
                var tableShape = new TableShape(name, shape, key);
                await _target.EnsureTableAsync(schema, tableShape, existing, cancellationToken).ConfigureAwait(false);

                using var reader = new DatasetFileReader(file);
                long written = await _target.ApplyTableAsync(schema, tableShape, reader, () =>
                {
                    string loaded = reader.FinishHash();
                    if (loaded != version) throw Changed(file);
                    return new LoadRecord { Unit = unit, Kind = "table", Version = version, FileLength = info.Length, FileTimeUtc = info.LastWriteTimeUtc };
                }, cancellationToken).ConfigureAwait(false);
                result.TablesLoaded++;
                result.Rows += written;
                _log.Verbose($"{schema}.{name}: {written} rows inserted, updated or deleted ({reader.Rows} in the file).");
            }

            private async Task SampleSetAsync(SampleSet set, List<string> files, CancellationToken cancellationToken)
            {
                var present = new HashSet<string>(files.Select(f => "file:" + Relative(f)), StringComparer.Ordinal);
                List<LoadRecord> gone = _records.Values.Where(r => r.Kind == set.Folder && !present.Contains(r.Unit)).OrderBy(r => r.Unit, StringComparer.Ordinal).ToList();
                if (files.Count == 0 && gone.Count == 0) return;

                // The table holds every column the contract knows, plus any a file adds.
                var columns = set.KnownColumns.ToList();
                Dictionary<string, ColumnType> existing = await _target.ReadColumnsAsync(schema, set.Folder, cancellationToken).ConfigureAwait(false);
                TableShape shape = Shape(set, columns);
                await _target.EnsureTableAsync(schema, shape, existing, cancellationToken).ConfigureAwait(false);

                foreach (LoadRecord record in gone)
                {
                    await UnitAsync(record.Unit, async () =>
                    {
                        // Other files that held the same session lose those rows too, so they load again below.
                        List<string> shared = _records.Values.Where(r => r.Kind == set.Folder && r.Unit != record.Unit && r.SessionKey != null && r.SessionKey == record.SessionKey)
                            .Select(r => r.Unit).ToList();
                        long removed = await _target.RemoveSamplesAsync(schema, shape, record, shared, cancellationToken).ConfigureAwait(false);
                        _records.Remove(record.Unit);
                        foreach (string unit in shared) _records.Remove(unit);
                        result.FilesRemoved++;
                        result.Rows += removed;
                    }, cancellationToken).ConfigureAwait(false);
                }

                // Columns a file adds (a sample type a newer sync writes) are added once, before the files load in parallel.
                var added = new List<string>();
                foreach (string file in files)
                {
                    try
                    {
                        using ISampleFile header = SampleFile.Open(file);
                        added.AddRange(header.Columns.Where(c => !columns.Contains(c) && !added.Contains(c)));
                    }
                    catch (Exception ex) when (ex is IOException || (ex is SportsDataException s && s.Kind == FailureKind.InvalidData))
                    {
                        // Reported when the file itself is loaded.
                    }
                }
                if (added.Count > 0)
                {
                    columns.AddRange(added);
                    shape = Shape(set, columns);
                    existing = await _target.ReadColumnsAsync(schema, set.Folder, cancellationToken).ConfigureAwait(false);
                    await _target.EnsureTableAsync(schema, shape, existing, cancellationToken).ConfigureAwait(false);
                }

                var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(files);
                int workers = Math.Max(1, Math.Min(options.ThrottleLimit, files.Count));
                using var failing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var tasks = new List<Task>();
                for (int w = 0; w < workers; w++)
                {
                    bool own = w == 0;
                    tasks.Add(Task.Run(async () =>
                    {
                        IDatabaseTarget target = own ? _target : await _target.OpenWorkerAsync(failing.Token).ConfigureAwait(false);
                        try
                        {
                            while (queue.TryDequeue(out string? file))
                            {
                                await SampleFileAsync(target, set, shape, file, failing.Token).ConfigureAwait(false);
                            }
                        }
                        catch
                        {
                            failing.Cancel(); // a lost connection or Ctrl+C: the other workers stop too
                            throw;
                        }
                        finally
                        {
                            if (!own) await target.DisposeAsync().ConfigureAwait(false);
                        }
                    }, failing.Token));
                }
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }

            /// <summary>One sample file: unchanged (size and time, or content), or its session's rows replaced in one transaction.</summary>
            private Task SampleFileAsync(IDatabaseTarget target, SampleSet set, TableShape shape, string file, CancellationToken cancellationToken)
            {
                string unit = "file:" + Relative(file);
                return UnitAsync(unit, async () =>
                {
                    var info = new FileInfo(file);
                    _records.TryGetValue(unit, out LoadRecord? old);
                    if (old != null && old.FileLength == info.Length && old.FileTimeUtc == Truncate(info.LastWriteTimeUtc))
                    {
                        Count(r => r.Unchanged++);
                        return;
                    }
                    if (old != null && old.FileLength == info.Length && old.Version == DatasetFileReader.HashFile(file))
                    {
                        // Rewritten with the same bytes: only the record's time moves.
                        old.FileTimeUtc = info.LastWriteTimeUtc;
                        await target.SaveLoadRecordAsync(schema, old, cancellationToken).ConfigureAwait(false);
                        Count(r => r.Unchanged++);
                        return;
                    }
                    using ISampleFile reader = SampleFile.Open(file);
                    long copied = await target.ApplySamplesAsync(schema, shape, reader, old?.SessionKey, session =>
                    {
                        string version = reader.FinishHash();
                        return new LoadRecord { Unit = unit, Kind = set.Folder, Version = version, FileLength = info.Length, FileTimeUtc = info.LastWriteTimeUtc, SessionKey = session };
                    }, cancellationToken).ConfigureAwait(false);
                    Count(r =>
                    {
                        r.FilesLoaded++;
                        r.Rows += copied;
                    });
                }, cancellationToken);
            }

            private static TableShape Shape(SampleSet set, List<string> columns) =>
                new TableShape(set.Folder, columns.Select(c => (c, set.TypeOf(c))).ToList(), set.Key, set.SessionColumn);

            /// <summary>PostgreSQL keeps microseconds; a file time compares equal after the round trip.</summary>
            private static DateTime Truncate(DateTime time) => new DateTime(time.Ticks - time.Ticks % 10, DateTimeKind.Utc);

            private static SportsDataException Changed(string file) =>
                new SportsDataException(ErrorIds.Publish.FileChanged, FailureKind.InvalidData,
                    $"{file} changed while it was being loaded; it was not loaded. Run again once no other program writes to the dataset.", null)
                { Target = file };
        }
    }
}
#endif
