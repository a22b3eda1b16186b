#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.Database
{
    /// <summary>
    /// The one seam between <see cref="DatasetPublisher"/> (which decides what to load, in which units, and checks
    /// versions) and a database engine (which knows the SQL, the bulk path and the errors). PostgreSQL is
    /// <see cref="Postgres.PostgresTarget"/>; another engine is another implementation of this interface.
    /// Every Apply/Remove call is one transaction that also writes the unit's <see cref="LoadRecord"/>, so after
    /// a crash the database holds each unit either in its old or in its new version, and knows which.
    /// </summary>
    internal interface IDatabaseTarget : IAsyncDisposable
    {
        /// <summary>Where the data goes, for messages and results: host:port/database, never a password.</summary>
        string Description { get; }

        /// <summary>Connects. Throws SportsDataException naming the parameter to fix (wrong password, unknown host, missing database).</summary>
        Task OpenAsync(CancellationToken cancellationToken);

        /// <summary>Another connection to the same database, opened, for units applied in parallel while this one holds the schema lock.</summary>
        Task<IDatabaseTarget> OpenWorkerAsync(CancellationToken cancellationToken);

        /// <summary>Takes the one-loader-per-schema lock for this connection's life, or throws ErrorIds.Publish.SchemaLocked at once.</summary>
        Task LockSchemaAsync(string schema, CancellationToken cancellationToken);

        /// <summary>Creates the schema and its load-record table when missing.</summary>
        Task EnsureSchemaAsync(string schema, CancellationToken cancellationToken);

        /// <summary>Every unit loaded into the schema, by unit name.</summary>
        Task<Dictionary<string, LoadRecord>> ReadLoadRecordsAsync(string schema, CancellationToken cancellationToken);

        /// <summary>The table's columns and their types (columns of types this module does not write are <see cref="ColumnType.Unknown"/>); empty when there is no such table.</summary>
        Task<Dictionary<string, ColumnType>> ReadColumnsAsync(string schema, string table, CancellationToken cancellationToken);

        /// <summary>Creates the table (with its key as primary key) or adds the columns it lacks and widens those whose type is narrower than the shape's. Never drops anything.</summary>
        Task EnsureTableAsync(string schema, TableShape shape, IReadOnlyDictionary<string, ColumnType> existing, CancellationToken cancellationToken);

        /// <summary>
        /// Makes the table's rows equal the file's (for the file's columns): staged by bulk copy, then rows whose key
        /// is gone deleted and new or changed rows upserted, with <paramref name="record"/>. Returns rows written.
        /// </summary>
        Task<long> ApplyTableAsync(string schema, TableShape shape, DatasetFileReader file, Func<LoadRecord> record, CancellationToken cancellationToken);

        /// <summary>
        /// Replaces one session's rows by the file's (delete by session, then binary COPY), with <paramref name="record"/>.
        /// Rows of <paramref name="previousSession"/> (what the file held before) go too. Returns rows copied.
        /// </summary>
        Task<long> ApplySamplesAsync(string schema, TableShape shape, ISampleFile file, string? previousSession, Func<string?, LoadRecord> record, CancellationToken cancellationToken);

        /// <summary>Deletes the rows a unit loaded (its session's) and its load record, plus the records of <paramref name="alsoForget"/> (units that shared the session and must load again).</summary>
        Task<long> RemoveSamplesAsync(string schema, TableShape shape, LoadRecord record, IReadOnlyList<string> alsoForget, CancellationToken cancellationToken);

        /// <summary>Updates only a load record (a file rewritten with the same content: new time, same hash).</summary>
        Task SaveLoadRecordAsync(string schema, LoadRecord record, CancellationToken cancellationToken);
    }

    /// <summary>What the database has of one unit: a table file or a sample file, in which version.</summary>
    internal sealed class LoadRecord
    {
        /// <summary>"table:teams.csv", "file:samples/t1/2025-01-01/ps1.csv" (relative to the dataset, '/' separators).</summary>
        public string Unit { get; set; } = string.Empty;

        /// <summary>"table" or the sample table's name.</summary>
        public string Kind { get; set; } = string.Empty;

        /// <summary>XXH128 of the file's bytes ("xxh128:" and hex).</summary>
        public string Version { get; set; } = string.Empty;

        public long FileLength { get; set; }

        public DateTime FileTimeUtc { get; set; }

        /// <summary>For a sample file: the session its rows belong to (what a removal deletes).</summary>
        public string? SessionKey { get; set; }

        public long Rows { get; set; }
    }

    /// <summary>A table as the dataset needs it: columns with types (file order), its key, and for samples the session column.</summary>
    internal sealed class TableShape
    {
        public TableShape(string name, IReadOnlyList<(string Name, ColumnType Type)> columns, IReadOnlyList<string>? key, string? sessionColumn = null)
        {
            Name = name;
            Columns = columns;
            Key = key;
            SessionColumn = sessionColumn;
        }

        public string Name { get; }

        public IReadOnlyList<(string Name, ColumnType Type)> Columns { get; }

        /// <summary>The primary key; null for a table the contract does not know (replaced whole on each change).</summary>
        public IReadOnlyList<string>? Key { get; }

        public string? SessionColumn { get; }
    }
}
#endif
