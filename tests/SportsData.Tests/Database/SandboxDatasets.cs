using SportsData.Aikynetix;
using SportsData.Sync;
using SportsData.Sync.Aikynetix;
using SportsData.Sync.Valor;
using SportsData.Tests.Aikynetix;
using SportsData.Tests.Infrastructure;
using SportsData.Tests.Sync;

namespace SportsData.Tests.Database;

/// <summary>
/// A Sync-SportsData-style root with a dataset of each vendor, synced once from the sandbox over loopback:
/// polar (tables, samples and RR as CSV), valor (tables, IK data of one athlete as CSV.gz), aikynetix (sessions.csv
/// with flattened metrics). Tests work on copies (<see cref="CopyAsync"/>).
/// </summary>
public sealed class SandboxDatasets : IAsyncLifetime
{
    private readonly TempFolder _root = new();

    public string Root => _root.Path;

    public async Task InitializeAsync()
    {
        await using (PolarSyncWorld polar = await PolarSyncWorld.StartAsync())
        {
            await polar.SyncAsync(Path.Combine(Root, "polar"));
        }
        await using var server = await SimulatorServer.StartAsync();
        using (var valor = await ValorTestConnection.ConnectAsync(server))
        {
            string athlete = server.World.Valor.Data.Sessions.GroupBy(s => s.Athlete.Id).OrderBy(g => g.Count()).First().Key;
            var client = valor.Client();
            await ValorSync.RunAsync(client, new ValorSyncOptions { Path = Path.Combine(Root, "valor") }, CancellationToken.None);
            await ValorSync.RunAsync(client, new ValorSyncOptions { Path = Path.Combine(Root, "valor"), IncludeIKData = true, AthleteIds = new[] { athlete }, Format = DataFormat.CsvGzip }, CancellationToken.None);
        }
        using (var aikynetix = AikynetixTestConnection.Connect(server))
        {
            await ManagedSessionSync.RunAsync(aikynetix.Client(), new ManagedSessionSyncOptions { Path = Path.Combine(Root, "aikynetix") }, CancellationToken.None);
        }
    }

    /// <summary>A copy of the root (or of one vendor's folder) for one test, removed when the returned folder is disposed.</summary>
    public TempFolder Copy(string? vendor = null)
    {
        var copy = new TempFolder();
        string source = vendor == null ? Root : Path.Combine(Root, vendor);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(source, file);
            if (relative.EndsWith("lock", StringComparison.Ordinal) || relative.EndsWith("lock.owner", StringComparison.Ordinal)) continue;
            string target = copy.File(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }
}
