#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace SportsData.Database.Postgres
{
    /// <summary>
    /// PostgreSQL through Npgsql: binary COPY for sample files, a temporary staging table plus
    /// INSERT .. ON CONFLICT for tables, pg_try_advisory_lock for one loader per schema, and every unit in one
    /// transaction with its row in &lt;schema&gt;.sportsdata_loads.
    /// </summary>
    internal sealed class PostgresTarget : IDatabaseTarget
    {
        /// <summary>First key of the advisory lock ('SDPL'); the second is hashtext(schema).</summary>
        public const int LockClass = 0x5344504C;
        public const string LoadsTable = "sportsdata_loads";
        private const int MaxIdentifierBytes = 63;

        private readonly NpgsqlConnectionStringBuilder _settings;
        private readonly string _passwordParameter;
        private NpgsqlConnection? _connection;

        /// <summary>
        /// <paramref name="connectionString"/> in Npgsql's keyword form (Host=..;Database=..;Username=..); a user name and
        /// password given separately (a PSCredential) take precedence. Parsing errors name -ConnectionString without echoing it.
        /// </summary>
        public PostgresTarget(string connectionString, string? userName, string? password)
        {
            try
            {
                _settings = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is KeyNotFoundException)
            {
                // The message of a parsing error can quote the string; only its first words (the keyword) are safe to show.
                throw SportsDataException.InvalidArgument("ConnectionString",
                    "-ConnectionString is not a valid PostgreSQL connection string (" + SafeKeywordError(ex.Message) + "). Use the form 'Host=server;Port=5432;Database=sports;Username=loader' and give the password with -Credential.");
            }
            _passwordParameter = password != null ? "Credential" : "ConnectionString";
            if (!string.IsNullOrEmpty(userName)) _settings.Username = userName;
            if (password != null) _settings.Password = password;
            if (string.IsNullOrEmpty(_settings.Host))
            {
                throw SportsDataException.InvalidArgument("ConnectionString", "-ConnectionString has no Host. Use the form 'Host=server;Port=5432;Database=sports;Username=loader'.");
            }
            if (string.IsNullOrEmpty(_settings.Database))
            {
                throw SportsDataException.InvalidArgument("ConnectionString", "-ConnectionString has no Database. Add 'Database=<name>' (create it first: CREATE DATABASE sports;).");
            }
            _settings.PersistSecurityInfo = false;
            if (string.IsNullOrEmpty(_settings.ApplicationName)) _settings.ApplicationName = "SportsData Publish-SportsDataset";
            // One connection holds the schema lock for the whole load: no pool to hand it to anyone else.
            _settings.Pooling = false;
            if (_settings.Timeout == 15) _settings.Timeout = 10;
            _settings.CommandTimeout = 0;
            Description = string.Format(CultureInfo.InvariantCulture, "{0}:{1}/{2}", _settings.Host, _settings.Port, _settings.Database);
        }

        public string Description { get; }

        private PostgresTarget(NpgsqlConnectionStringBuilder settings, string passwordParameter, string description)
        {
            _settings = settings;
            _passwordParameter = passwordParameter;
            Description = description;
        }

        public async Task<IDatabaseTarget> OpenWorkerAsync(CancellationToken cancellationToken)
        {
            var worker = new PostgresTarget(new NpgsqlConnectionStringBuilder(_settings.ConnectionString) { Password = _settings.Password }, _passwordParameter, Description);
            await worker.OpenAsync(cancellationToken).ConfigureAwait(false);
            return worker;
        }

        private NpgsqlConnection Connection => _connection ?? throw new InvalidOperationException("Not connected.");

        public async Task OpenAsync(CancellationToken cancellationToken)
        {
            var connection = new NpgsqlConnection(_settings.ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw OpenFailed(ex);
            }
            _connection = connection;
        }

        private SportsDataException OpenFailed(Exception ex)
        {
            string user = _settings.Username ?? "(default user)";
            switch (ex)
            {
                case PostgresException pg when pg.SqlState == PostgresErrorCodes.InvalidPassword || pg.SqlState == PostgresErrorCodes.InvalidAuthorizationSpecification:
                    return new SportsDataException(ErrorIds.Publish.AuthenticationFailed, FailureKind.Authentication,
                        $"PostgreSQL at {Description} refused the user '{user}': {pg.MessageText}. Check the user name and password in -{_passwordParameter}.", null)
                    { ParameterName = _passwordParameter, Target = Description };
                case PostgresException pg when pg.SqlState == PostgresErrorCodes.InvalidCatalogName:
                    return new SportsDataException(ErrorIds.Publish.DatabaseNotFound, FailureKind.NotFound,
                        $"PostgreSQL at {_settings.Host}:{_settings.Port} has no database '{_settings.Database}'. Create it (CREATE DATABASE \"{_settings.Database}\";) or fix Database= in -ConnectionString.", null)
                    { ParameterName = "ConnectionString", Target = Description };
                case PostgresException pg:
                    return new SportsDataException(ErrorIds.Publish.ConnectFailed, FailureKind.Connection,
                        $"PostgreSQL at {Description} refused the connection: {pg.SqlState} {pg.MessageText}. Check -ConnectionString.", null)
                    { ParameterName = "ConnectionString", Target = Description };
                case NpgsqlException npg when npg.Message.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0:
                    return new SportsDataException(ErrorIds.Publish.AuthenticationFailed, FailureKind.Authentication,
                        $"PostgreSQL at {Description} asks user '{user}' for a password and none was given. Pass -Credential (the password from Get-Secret) or Password= in -ConnectionString.", null)
                    { ParameterName = "Credential", Target = Description };
                default:
                    string reason = ex.InnerException is SocketException socket ? socket.SocketErrorCode + ": " + socket.Message
                        : ex is TimeoutException || ex.InnerException is TimeoutException ? "no answer within " + _settings.Timeout + " s" : ex.GetType().Name;
                    return new SportsDataException(ErrorIds.Publish.ServerUnreachable, FailureKind.Connection,
                        $"Could not reach PostgreSQL at {_settings.Host}:{_settings.Port} ({reason}). Check Host= and Port= in -ConnectionString, that the server runs and accepts TCP connections, and the firewall.", null)
                    { ParameterName = "ConnectionString", Target = Description };
            }
        }

        private static string SafeKeywordError(string message)
        {
            // Npgsql says "Keyword not supported: 'name'" or "Couldn't set name": keep the part before any value.
            int colon = message.IndexOf('\'');
            string head = colon > 0 ? message.Substring(0, colon).Trim() : message;
            return head.Length > 60 ? head.Substring(0, 60) : head.TrimEnd(':', ' ');
        }

        public async Task LockSchemaAsync(string schema, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, hashtext(@schema))", Connection);
            command.Parameters.AddWithValue("class", LockClass);
            command.Parameters.AddWithValue("schema", schema);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!) return;

            string holder = "another session";
            await using (var who = new NpgsqlCommand(
                "SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local'), a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
                "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = @class::bigint::oid AND l.objid = (hashtext(@schema)::bigint & 4294967295)::oid AND l.objsubid = 2 LIMIT 1", Connection))
            {
                who.Parameters.AddWithValue("class", LockClass);
                who.Parameters.AddWithValue("schema", schema);
                await using var reader = await who.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    holder = string.Format(CultureInfo.InvariantCulture, "server process {0} ('{1}' from {2}, since {3:u})",
                        reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3).ToUniversalTime());
                }
            }
            throw new SportsDataException(ErrorIds.Publish.SchemaLocked, FailureKind.InvalidOperation,
                $"Another load into schema '{schema}' at {Description} is running ({holder} holds the advisory lock pg_try_advisory_lock({LockClass}, hashtext('{schema}'))). " +
                "Only one load per schema runs at a time; wait for it to finish, or publish to another -Schema.", null)
            { ParameterName = "Schema", Target = schema };
        }

        public async Task EnsureSchemaAsync(string schema, CancellationToken cancellationToken)
        {
            string sql = $"CREATE SCHEMA IF NOT EXISTS {Quote(schema)};" +
                $"CREATE TABLE IF NOT EXISTS {Quote(schema)}.{LoadsTable} (unit text PRIMARY KEY, kind text NOT NULL, version text NOT NULL, file_length bigint NOT NULL, " +
                "file_time timestamptz NOT NULL, session_key text, row_count bigint NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now());";
            await ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
        }

        public async Task<Dictionary<string, LoadRecord>> ReadLoadRecordsAsync(string schema, CancellationToken cancellationToken)
        {
            var records = new Dictionary<string, LoadRecord>(StringComparer.Ordinal);
            await using var command = new NpgsqlCommand($"SELECT unit, kind, version, file_length, file_time, session_key, row_count FROM {Quote(schema)}.{LoadsTable}", Connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var record = new LoadRecord
                {
                    Unit = reader.GetString(0),
                    Kind = reader.GetString(1),
                    Version = reader.GetString(2),
                    FileLength = reader.GetInt64(3),
                    FileTimeUtc = reader.GetDateTime(4),
                    SessionKey = reader.IsDBNull(5) ? null : reader.GetString(5),
                    Rows = reader.GetInt64(6),
                };
                records[record.Unit] = record;
            }
            return records;
        }

        public async Task<Dictionary<string, ColumnType>> ReadColumnsAsync(string schema, string table, CancellationToken cancellationToken)
        {
            var columns = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
            await using var command = new NpgsqlCommand(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table ORDER BY ordinal_position", Connection);
            command.Parameters.AddWithValue("schema", schema);
            command.Parameters.AddWithValue("table", Identifier(table));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns[reader.GetString(0)] = reader.GetString(1) switch
                {
                    "text" => ColumnType.Text,
                    "boolean" => ColumnType.Boolean,
                    "integer" => ColumnType.Integer,
                    "bigint" => ColumnType.BigInt,
                    "double precision" => ColumnType.Double,
                    "timestamp without time zone" => ColumnType.Timestamp,
                    "timestamp with time zone" => ColumnType.TimestampTz,
                    _ => ColumnType.Unknown,
                };
            }
            return columns;
        }

        public async Task EnsureTableAsync(string schema, TableShape shape, IReadOnlyDictionary<string, ColumnType> existing, CancellationToken cancellationToken)
        {
            string table = Qualified(schema, shape);
            var sql = new StringBuilder();
            if (existing.Count == 0)
            {
                sql.Append("CREATE TABLE IF NOT EXISTS ").Append(table).Append(" (");
                sql.Append(string.Join(", ", shape.Columns.Select(c => Quote(c.Name) + " " + SqlType(c.Type) + (shape.Key != null && shape.Key.Contains(c.Name) ? " NOT NULL" : string.Empty))));
                if (shape.Key != null) sql.Append(", PRIMARY KEY (").Append(string.Join(", ", shape.Key.Select(Quote))).Append(')');
                sql.Append(");");
            }
            else
            {
                foreach ((string name, ColumnType type) in shape.Columns)
                {
                    if (!existing.TryGetValue(Identifier(name), out ColumnType current))
                    {
                        sql.Append("ALTER TABLE ").Append(table).Append(" ADD COLUMN IF NOT EXISTS ").Append(Quote(name)).Append(' ').Append(SqlType(type)).Append(';');
                    }
                    else if (current != type && current != ColumnType.Unknown)
                    {
                        sql.Append("ALTER TABLE ").Append(table).Append(" ALTER COLUMN ").Append(Quote(name)).Append(" TYPE ").Append(SqlType(type))
                            .Append(" USING ").Append(Quote(name)).Append("::").Append(SqlType(type)).Append(';');
                    }
                }
            }
            if (sql.Length > 0) await ExecuteAsync(sql.ToString(), cancellationToken).ConfigureAwait(false);
        }

        public async Task<long> ApplyTableAsync(string schema, TableShape shape, DatasetFileReader file, Func<LoadRecord> record, CancellationToken cancellationToken)
        {
            string table = Qualified(schema, shape);
            string columns = string.Join(", ", file.Columns.Select(Quote));
            await using NpgsqlTransaction transaction = await Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync($"CREATE TEMP TABLE sportsdata_stage ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA", cancellationToken).ConfigureAwait(false);
            await CopyAsync("sportsdata_stage", shape, file, null, cancellationToken).ConfigureAwait(false);

            long written;
            if (shape.Key == null)
            {
                written = await ExecuteAsync($"DELETE FROM {table}", cancellationToken).ConfigureAwait(false);
                written += await ExecuteAsync($"INSERT INTO {table} ({columns}) SELECT {columns} FROM sportsdata_stage", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                string keys = string.Join(", ", shape.Key.Select(Quote));
                string match = string.Join(" AND ", shape.Key.Select(k => $"s.{Quote(k)} = t.{Quote(k)}"));
                written = await ExecuteAsync($"DELETE FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM sportsdata_stage s WHERE {match})", cancellationToken).ConfigureAwait(false);
                string[] others = file.Columns.Where(c => !shape.Key.Contains(c)).ToArray();
                string onConflict = others.Length == 0 ? "DO NOTHING"
                    : "DO UPDATE SET " + string.Join(", ", others.Select(c => $"{Quote(c)} = EXCLUDED.{Quote(c)}"))
                      + $" WHERE ({string.Join(", ", others.Select(c => "t." + Quote(c)))}) IS DISTINCT FROM ({string.Join(", ", others.Select(c => "EXCLUDED." + Quote(c)))})";
                written += await ExecuteAsync($"INSERT INTO {table} AS t ({columns}) SELECT {columns} FROM sportsdata_stage ON CONFLICT ({keys}) {onConflict}", cancellationToken).ConfigureAwait(false);
            }
            LoadRecord done = record();
            done.Rows = file.Rows;
            await SaveLoadRecordAsync(schema, done, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return written;
        }

        public async Task<long> ApplySamplesAsync(string schema, TableShape shape, ISampleFile file, string? previousSession, Func<string?, LoadRecord> record, CancellationToken cancellationToken)
        {
            string table = Qualified(schema, shape);
            string sessionColumn = shape.SessionColumn!;
            int sessionIndex = Array.IndexOf(file.Columns, sessionColumn);
            if (sessionIndex < 0)
            {
                throw new SportsDataException(ErrorIds.Publish.FileInvalid, FailureKind.InvalidData,
                    $"{file.Path} has no '{sessionColumn}' column, so it is not a {shape.Name} file this module wrote. Move it out of the dataset folder.", null)
                { ParameterName = "Path", Target = file.Path };
            }
            bool hasRow = file.Read();
            string? session = hasRow ? file.Text(sessionIndex) : null;

            await using NpgsqlTransaction transaction = await Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (string? gone in new[] { session, previousSession }.Distinct())
            {
                if (gone != null) await DeleteSessionAsync(schema, shape, gone, transaction, cancellationToken).ConfigureAwait(false);
            }
            long copied = !hasRow ? 0 : file switch
            {
                ParquetSampleReader parquet => await CopyAsync(table, shape, parquet, (sessionIndex, session!), cancellationToken).ConfigureAwait(false),
                DatasetFileReader csv => await CopyAsync(table, shape, csv, (sessionIndex, session!), cancellationToken, alreadyRead: true).ConfigureAwait(false),
                _ => throw new ArgumentException($"Unknown sample file reader {file.GetType().Name}.", nameof(file)),
            };
            LoadRecord done = record(session);
            done.Rows = copied;
            await SaveLoadRecordAsync(schema, done, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return copied;
        }

        /// <summary>Deletes one session's rows from a sample table, inside <paramref name="transaction"/>.</summary>
        private async Task<long> DeleteSessionAsync(string schema, TableShape shape, string session, NpgsqlTransaction transaction, CancellationToken cancellationToken)
        {
            await using var delete = new NpgsqlCommand($"DELETE FROM {Qualified(schema, shape)} WHERE {Quote(shape.SessionColumn!)} = @session", Connection, transaction);
            delete.Parameters.AddWithValue("session", session);
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        private static string Qualified(string schema, TableShape shape) => Quote(schema) + "." + Quote(shape.Name);

        public async Task<long> RemoveSamplesAsync(string schema, TableShape shape, LoadRecord record, IReadOnlyList<string> alsoForget, CancellationToken cancellationToken)
        {
            await using NpgsqlTransaction transaction = await Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            long removed = 0;
            if (record.SessionKey != null) removed = await DeleteSessionAsync(schema, shape, record.SessionKey, transaction, cancellationToken).ConfigureAwait(false);
            await using (var forget = new NpgsqlCommand($"DELETE FROM {Quote(schema)}.{LoadsTable} WHERE unit = ANY(@units)", Connection, transaction))
            {
                forget.Parameters.AddWithValue("units", alsoForget.Append(record.Unit).ToArray());
                await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return removed;
        }

        public async Task SaveLoadRecordAsync(string schema, LoadRecord record, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(
                $"INSERT INTO {Quote(schema)}.{LoadsTable} (unit, kind, version, file_length, file_time, session_key, row_count, loaded_at) " +
                "VALUES (@unit, @kind, @version, @length, @time, @session, @rows, now()) ON CONFLICT (unit) DO UPDATE SET kind = EXCLUDED.kind, version = EXCLUDED.version, " +
                "file_length = EXCLUDED.file_length, file_time = EXCLUDED.file_time, session_key = EXCLUDED.session_key, row_count = EXCLUDED.row_count, loaded_at = EXCLUDED.loaded_at", Connection);
            command.Parameters.AddWithValue("unit", record.Unit);
            command.Parameters.AddWithValue("kind", record.Kind);
            command.Parameters.AddWithValue("version", record.Version);
            command.Parameters.AddWithValue("length", record.FileLength);
            command.Parameters.AddWithValue("time", NpgsqlDbType.TimestampTz, DateTime.SpecifyKind(record.FileTimeUtc, DateTimeKind.Utc));
            command.Parameters.AddWithValue("session", NpgsqlDbType.Text, (object?)record.SessionKey ?? DBNull.Value);
            command.Parameters.AddWithValue("rows", record.Rows);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Each file column's type in <paramref name="shape"/> (text when the shape does not name it) and whether it is a key column.</summary>
        private static (ColumnType[] Types, bool[] IsKey) ColumnsOf(TableShape shape, string[] names)
        {
            var types = new ColumnType[names.Length];
            var isKey = new bool[names.Length];
            var typeByName = shape.Columns.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
            for (int i = 0; i < names.Length; i++)
            {
                types[i] = typeByName.TryGetValue(names[i], out ColumnType type) ? type : ColumnType.Text;
                isKey[i] = shape.Key != null && shape.Key.Contains(names[i]);
            }
            return (types, isKey);
        }

        private Task<NpgsqlBinaryImporter> BeginCopyAsync(string target, string[] names, CancellationToken cancellationToken) =>
            Connection.BeginBinaryImportAsync($"COPY {target} ({string.Join(", ", names.Select(Quote))}) FROM STDIN (FORMAT BINARY)", cancellationToken);

        /// <summary>
        /// Binary COPY of the file's rows into <paramref name="target"/>: values parsed from the CSV text to the
        /// shape's types as they stream (no row objects). With <paramref name="session"/>, every row must belong to it.
        /// </summary>
        private async Task<long> CopyAsync(string target, TableShape shape, DatasetFileReader file, (int Index, string Value)? session, CancellationToken cancellationToken, bool alreadyRead = false)
        {
            string[] names = file.Columns;
            (ColumnType[] types, bool[] isKey) = ColumnsOf(shape, names);
            await using NpgsqlBinaryImporter writer = await BeginCopyAsync(target, names, cancellationToken).ConfigureAwait(false);
            // The row loop is synchronous (Npgsql buffers rows and flushes as its buffer fills): one compiled loop, no state machine per row.
            long rows = CopyRows(writer, file, types, isKey, names, session, alreadyRead, cancellationToken);
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return rows;
        }

        [System.Runtime.CompilerServices.MethodImpl(HotPath.Options)]
        private static long CopyRows(NpgsqlBinaryImporter writer, DatasetFileReader file, ColumnType[] types, bool[] isKey, string[] names, (int Index, string Value)? session, bool alreadyRead, CancellationToken cancellationToken)
        {
            long rows = 0;
            bool more = alreadyRead || file.Read();
            int sessionIndex = session?.Index ?? -1;
            string? sessionValue = session?.Value;
            while (more)
            {
                if (sessionValue != null && !file.Span(sessionIndex).SequenceEqual(sessionValue)) throw OtherSession(file.Path, file.Rows, names[sessionIndex], sessionValue);
                if ((rows & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                writer.StartRow();
                for (int i = 0; i < types.Length; i++) WriteValue(writer, file, i, types[i], isKey[i], names[i]);
                rows++;
                more = file.Read();
            }
            return rows;
        }

        /// <summary>A sample file's row of another session than its first row: the CSV and Parquet paths refuse it alike.</summary>
        private static SportsDataException OtherSession(string path, long row, string sessionColumn, string firstValue) =>
            new SportsDataException(ErrorIds.Publish.FileInvalid, FailureKind.InvalidData,
                $"{path} row {row} belongs to another {sessionColumn} than the file's first row ('{firstValue}'); a sample file holds one session. Move it out of the dataset folder.", null)
            { ParameterName = "Path", Target = path };

        [System.Runtime.CompilerServices.MethodImpl(HotPath.Options)]
        private static void WriteValue(NpgsqlBinaryImporter writer, DatasetFileReader file, int column, ColumnType type, bool key, string name)
        {
            ReadOnlySpan<char> value = file.Span(column);
            if (value.IsEmpty)
            {
                if (key) writer.Write(string.Empty, NpgsqlDbType.Text);
                else writer.WriteNull();
                return;
            }
            switch (type)
            {
                case ColumnType.Integer:
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int whole)) throw BadValue(file, name, value, type);
                    writer.Write(whole, NpgsqlDbType.Integer);
                    break;
                case ColumnType.BigInt:
                    if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long big)) throw BadValue(file, name, value, type);
                    writer.Write(big, NpgsqlDbType.Bigint);
                    break;
                case ColumnType.Double:
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) throw BadValue(file, name, value, type);
                    writer.Write(number, NpgsqlDbType.Double);
                    break;
                case ColumnType.Boolean:
                    if (value.SequenceEqual("true")) writer.Write(true, NpgsqlDbType.Boolean);
                    else if (value.SequenceEqual("false")) writer.Write(false, NpgsqlDbType.Boolean);
                    else throw BadValue(file, name, value, type);
                    break;
                case ColumnType.Timestamp:
                case ColumnType.TimestampTz:
                    if (!DatasetTypes.TryTimestamp(value, out DateTime time, out bool utc) || utc != (type == ColumnType.TimestampTz)) throw BadValue(file, name, value, type);
                    writer.Write(time, type == ColumnType.TimestampTz ? NpgsqlDbType.TimestampTz : NpgsqlDbType.Timestamp);
                    break;
                default:
                    writer.Write(file.Text(column), NpgsqlDbType.Text);
                    break;
            }
        }

        /// <summary>
        /// Binary COPY of a Parquet sample file's rows (its current row read) into <paramref name="target"/>: the typed
        /// values written as the shape's column types, the same as the CSV path writes them (a null or empty non-key
        /// value is NULL). Every row must belong to <paramref name="session"/>.
        /// </summary>
        private async Task<long> CopyAsync(string target, TableShape shape, ParquetSampleReader file, (int Index, string Value) session, CancellationToken cancellationToken)
        {
            string[] names = file.Columns;
            (ColumnType[] types, bool[] isKey) = ColumnsOf(shape, names);
            await using NpgsqlBinaryImporter writer = await BeginCopyAsync(target, names, cancellationToken).ConfigureAwait(false);
            long rows = CopyRows(writer, file, types, isKey, names, session, cancellationToken);
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return rows;
        }

        [System.Runtime.CompilerServices.MethodImpl(HotPath.Options)]
        private static long CopyRows(NpgsqlBinaryImporter writer, ParquetSampleReader file, ColumnType[] types, bool[] isKey, string[] names, (int Index, string Value) session, CancellationToken cancellationToken)
        {
            long rows = 0;
            do
            {
                if (file.Text(session.Index) != session.Value) throw OtherSession(file.Path, file.Rows, names[session.Index], session.Value);
                if ((rows & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                writer.StartRow();
                for (int i = 0; i < types.Length; i++) WriteValue(writer, file, i, types[i], isKey[i], names[i]);
                rows++;
            }
            while (file.Read());
            return rows;
        }

        [System.Runtime.CompilerServices.MethodImpl(HotPath.Options)]
        private static void WriteValue(NpgsqlBinaryImporter writer, ParquetSampleReader file, int column, ColumnType type, bool key, string name)
        {
            ParquetValueKind kind = file.Kind(column);
            if (file.IsNull(column) || (kind == ParquetValueKind.String && file.GetString(column)!.Length == 0))
            {
                if (key) writer.Write(string.Empty, NpgsqlDbType.Text);
                else writer.WriteNull();
                return;
            }
            switch (type)
            {
                case ColumnType.Integer when kind == ParquetValueKind.Int32:
                    writer.Write(file.GetInt32(column), NpgsqlDbType.Integer);
                    break;
                case ColumnType.BigInt when kind == ParquetValueKind.Int32 || kind == ParquetValueKind.Int64:
                    writer.Write(kind == ParquetValueKind.Int32 ? file.GetInt32(column) : file.GetInt64(column), NpgsqlDbType.Bigint);
                    break;
                case ColumnType.Double when kind == ParquetValueKind.Double:
                    writer.Write(file.GetDouble(column), NpgsqlDbType.Double);
                    break;
                case ColumnType.Double when kind == ParquetValueKind.Int32 || kind == ParquetValueKind.Int64:
                    writer.Write((double)(kind == ParquetValueKind.Int32 ? file.GetInt32(column) : file.GetInt64(column)), NpgsqlDbType.Double);
                    break;
                case ColumnType.Boolean when kind == ParquetValueKind.Boolean:
                    writer.Write(file.GetBoolean(column), NpgsqlDbType.Boolean);
                    break;
                case ColumnType.Timestamp when kind == ParquetValueKind.DateTime:
                    // A local wall-clock time (the writer's timestamps are not adjusted to UTC): written as it reads.
                    writer.Write(DateTime.SpecifyKind(file.GetDateTime(column), DateTimeKind.Unspecified), NpgsqlDbType.Timestamp);
                    break;
                case ColumnType.TimestampTz when kind == ParquetValueKind.DateTime:
                    writer.Write(DateTime.SpecifyKind(file.GetDateTime(column), DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
                    break;
                case ColumnType.Text:
                    writer.Write(file.Text(column), NpgsqlDbType.Text);
                    break;
                default:
                    throw new SportsDataException(ErrorIds.Publish.InvalidValue, FailureKind.InvalidData,
                        $"{file.Path} row {file.Rows}: column '{name}' holds {kind} values, not {SqlType(type)} values as the dataset contract says. The file was not loaded; the database keeps its previous version.", null)
                    { Target = file.Path };
            }
        }

        private static SportsDataException BadValue(DatasetFileReader file, string column, ReadOnlySpan<char> value, ColumnType type) =>
            new SportsDataException(ErrorIds.Publish.InvalidValue, FailureKind.InvalidData,
                $"{file.Path} row {file.Rows}: '{Truncate(value)}' in column '{column}' is not a {SqlType(type)} value as the dataset contract says. The file was not loaded; the database keeps its previous version.", null)
            { Target = file.Path };

        private static string Truncate(ReadOnlySpan<char> value) => value.Length > 40 ? value.Slice(0, 40).ToString() + "..." : value.ToString();

        private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(sql, Connection);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        public static string SqlType(ColumnType type) => type switch
        {
            ColumnType.Boolean => "boolean",
            ColumnType.Integer => "integer",
            ColumnType.BigInt => "bigint",
            ColumnType.Double => "double precision",
            ColumnType.Timestamp => "timestamp",
            ColumnType.TimestampTz => "timestamptz",
            _ => "text",
        };

        /// <summary>
        /// A dataset name as a PostgreSQL identifier: PostgreSQL cuts names at 63 bytes, so a longer one (a deeply
        /// flattened metric) keeps its first 54 bytes and gets 8 hex digits of its hash, and stays distinct.
        /// </summary>
        public static string Identifier(string name)
        {
            if (Encoding.UTF8.GetByteCount(name) <= MaxIdentifierBytes) return name;
            string hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name))).Substring(0, 8).ToLowerInvariant();
            var cut = new StringBuilder();
            foreach (char c in name)
            {
                if (Encoding.UTF8.GetByteCount(cut.ToString() + c) > MaxIdentifierBytes - 9) break;
                cut.Append(c);
            }
            return cut + "_" + hash;
        }

        public static string Quote(string name) => "\"" + Identifier(name).Replace("\"", "\"\"") + "\"";

        public async ValueTask DisposeAsync()
        {
            if (_connection != null) await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }
}
#endif
