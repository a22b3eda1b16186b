using System.Diagnostics;
using Npgsql;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Database;

/// <summary>
/// A real, throwaway PostgreSQL cluster for the database tests: installs Debian's postgresql package when no
/// server binaries are found, runs initdb in a temporary folder (as the postgres user when this process is root),
/// starts the server on a free loopback port with password (SCRAM) authentication, and removes it all afterwards.
/// Anything that fails here fails the tests: nothing is skipped.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string User = "postgres";
    public const string Password = "Pg-t3st-S3cret-7781";

    private string _bin = string.Empty;
    private string _folder = string.Empty;
    private bool _asPostgresUser;
    private bool _started;

    public int Port { get; private set; }

    public string DataFolder => Path.Combine(_folder, "data");

    /// <summary>A connection string without the password (tests pass it as a credential or add it).</summary>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Database={database};Username={User}";

    public string ConnectionStringWithPassword(string database) => ConnectionString(database) + ";Password=" + Password;

    public async Task InitializeAsync()
    {
        _bin = FindBinaries() ?? Install();
        _asPostgresUser = Environment.UserName == "root";
        _folder = Path.Combine(Path.GetTempPath(), "sportsdata-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_folder);
        string passwordFile = Path.Combine(_folder, "pw");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        if (_asPostgresUser) Run("chown", "-R", "postgres:postgres", _folder);
        Run(Tool("initdb"), "-D", DataFolder, "-U", User, "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        File.Delete(passwordFile);
        for (int attempt = 0; ; attempt++)
        {
            Port = LoopbackPort.Free();
            try
            {
                Run(Tool("pg_ctl"), "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "start",
                    "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40");
                _started = true;
                break;
            }
            catch (InvalidOperationException) when (attempt < 2)
            {
                // The port was taken between choosing and binding: choose again.
            }
        }
        await using var connection = new NpgsqlConnection(ConnectionStringWithPassword("postgres"));
        await connection.OpenAsync();
    }

    /// <summary>A new, empty database for one test.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        string name = "t_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync("postgres", $"CREATE DATABASE {name}");
        return name;
    }

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringWithPassword(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var connection = new NpgsqlConnection(ConnectionStringWithPassword(database) + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    public Task DisposeAsync()
    {
        try
        {
            if (_started) Run(Tool("pg_ctl"), "-D", DataFolder, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return Task.CompletedTask;
    }

    private string Tool(string name) => Path.Combine(_bin, name);

    /// <summary>The newest /usr/lib/postgresql/N/bin with initdb and pg_ctl (Debian's layout), or one on PATH.</summary>
    private static string? FindBinaries()
    {
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            string? bin = Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => Runnable(Path.Combine(b, "initdb")) && Runnable(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out int v) ? v : 0)
                .FirstOrDefault();
            if (bin != null) return bin;
        }
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            if (dir.Length > 0 && Runnable(Path.Combine(dir, "initdb")) && Runnable(Path.Combine(dir, "pg_ctl"))) return dir;
        }
        return null;
    }

    /// <summary>
    /// A file that is there to run: a link is followed to its end, since a machine can keep links (e.g. /usr/local/bin/initdb)
    /// to a PostgreSQL that has been removed, and File.Exists is true for such a broken link.
    /// </summary>
    private static bool Runnable(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && (file.LinkTarget == null || file.ResolveLinkTarget(returnFinalTarget: true)?.Exists == true);
    }

    private static string Install()
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("PostgreSQL is not installed and this process is not root, so it cannot install it: run 'apt-get install -y postgresql' (Debian/Ubuntu) and run the tests again.");
        }
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        Run(environment, "apt-get", "update");
        Run(environment, "apt-get", "install", "-y", "--no-install-recommends", "postgresql");
        return FindBinaries() ?? throw new InvalidOperationException("apt-get installed postgresql, but no initdb/pg_ctl was found under /usr/lib/postgresql.");
    }

    private void Run(string file, params string[] args)
    {
        if (_asPostgresUser && file.StartsWith(_bin, StringComparison.Ordinal)) Run(null, "runuser", new[] { "-u", "postgres", "--", file }.Concat(args).ToArray());
        else Run(null, file, args);
    }

    private static void Run(Dictionary<string, string>? environment, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        if (environment != null) foreach (var pair in environment) start.Environment[pair.Key] = pair.Value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + file);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(600_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish in 10 minutes.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed (exit {process.ExitCode}): {error.Result}\n{output.Result}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>, ICollectionFixture<SandboxDatasets>
{
    public const string Name = "PostgreSQL";
}
