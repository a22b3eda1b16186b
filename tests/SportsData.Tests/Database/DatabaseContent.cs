using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using SportsData.Database;
using SportsData.Sync;

namespace SportsData.Tests.Database;

/// <summary>What a schema holds, compared with the dataset files or with another schema.</summary>
public static class DatabaseContent
{
    /// <summary>Table -> "rows:md5" of every row of every table in the schema (load records without their load time), in a fixed order.</summary>
    public static async Task<SortedDictionary<string, string>> SnapshotAsync(NpgsqlConnection connection, string schema)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string table in await TablesAsync(connection, schema))
        {
            string rows = table == "sportsdata_loads"
                ? $"SELECT (unit, kind, version, file_length, file_time, session_key, row_count)::text AS r FROM \"{schema}\".\"{table}\""
                : $"SELECT t::text AS r FROM \"{schema}\".\"{table}\" t";
            await using var command = new NpgsqlCommand($"SELECT count(*) || ':' || coalesce(md5(string_agg(r, E'\\n' ORDER BY r COLLATE \"C\")), '') FROM ({rows}) x", connection);
            result[table] = (string)(await command.ExecuteScalarAsync())!;
        }
        return result;
    }

    public static async Task<List<string>> TablesAsync(NpgsqlConnection connection, string schema)
    {
        var tables = new List<string>();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = @s ORDER BY table_name", connection);
        command.Parameters.AddWithValue("s", schema);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    public static async Task<Dictionary<string, string>> ColumnTypesAsync(NpgsqlConnection connection, string schema, string table)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = @s AND table_name = @t", connection);
        command.Parameters.AddWithValue("s", schema);
        command.Parameters.AddWithValue("t", table);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) types[reader.GetString(0)] = reader.GetString(1);
        return types;
    }

    public static async Task<string[]> PrimaryKeyAsync(NpgsqlConnection connection, string schema, string table)
    {
        await using var command = new NpgsqlCommand(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) " +
            "WHERE i.indrelid = (quote_ident(@s) || '.' || quote_ident(@t))::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)", connection);
        command.Parameters.AddWithValue("s", schema);
        command.Parameters.AddWithValue("t", table);
        var key = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) key.Add(reader.GetString(0));
        return key.ToArray();
    }

    /// <summary>Rows inserted + updated + deleted in the schema's tables since the statistics began (a rerun that writes no row leaves it).</summary>
    public static async Task<long> RowsWrittenAsync(NpgsqlConnection connection, string schema)
    {
        await using (var flush = new NpgsqlCommand("SELECT pg_stat_force_next_flush()", connection)) await flush.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint FROM pg_stat_user_tables WHERE schemaname = @s", connection);
        command.Parameters.AddWithValue("s", schema);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The files' rows (a table file, or every file of a sample folder) and the table's rows, each in key order and in
    /// the dataset's text form: count and SHA-256 of "row\n" over all rows. Key columns typed as numbers sort as numbers.
    /// </summary>
    public static async Task<(long FileRows, string FileHash, long TableRows, string TableHash)> CompareAsync(
        NpgsqlConnection connection, string schema, string table, IReadOnlyList<string> files, IReadOnlyList<string> key)
    {
        Dictionary<string, string> types = await ColumnTypesAsync(connection, schema, table);
        string[] header = DatasetCsv.ReadRecords(files[0]).First();
        var rows = new List<string[]>();
        foreach (string file in files)
        {
            foreach (string[] record in DatasetCsv.ReadRecords(file).Skip(1)) rows.Add(record);
        }
        int[] keyIndex = key.Select(k => Array.IndexOf(header, k)).ToArray();
        bool[] numeric = key.Select(k => types[k] is "integer" or "bigint" or "double precision").ToArray();
        rows.Sort((a, b) =>
        {
            for (int i = 0; i < keyIndex.Length; i++)
            {
                string x = a[keyIndex[i]], y = b[keyIndex[i]];
                int c = numeric[i] ? double.Parse(x, CultureInfo.InvariantCulture).CompareTo(double.Parse(y, CultureInfo.InvariantCulture)) : string.CompareOrdinal(x, y);
                if (c != 0) return c;
            }
            return 0;
        });
        (long fileRows, string fileHash) = Hash(rows.Select(r => string.Join("\u001e", header.Select((_, i) => i < r.Length ? r[i] : string.Empty))));

        string order = string.Join(", ", key.Select((k, i) => "\"" + k + "\"" + (numeric[i] ? string.Empty : " COLLATE \"C\"")));
        await using var command = new NpgsqlCommand($"SELECT {string.Join(", ", header.Select(c => "\"" + c + "\""))} FROM \"{schema}\".\"{table}\" ORDER BY {order}", connection);
        var tableRows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var values = new string[header.Length];
                for (int i = 0; i < header.Length; i++) values[i] = DatasetTypes.Format(reader.GetValue(i)) ?? string.Empty;
                tableRows.Add(string.Join("\u001e", values));
            }
        }
        (long dbRows, string dbHash) = Hash(tableRows);
        return (fileRows, fileHash, dbRows, dbHash);
    }

    private static (long, string) Hash(IEnumerable<string> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long count = 0;
        foreach (string row in rows)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(row + "\n"));
            count++;
        }
        return (count, Convert.ToHexString(hash.GetHashAndReset()));
    }
}
