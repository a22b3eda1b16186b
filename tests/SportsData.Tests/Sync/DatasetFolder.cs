using System.Security.Cryptography;
using SportsData.Sync;

namespace SportsData.Tests.Sync;

/// <summary>A dataset folder on the real disk for a sync test, deleted afterwards, with helpers to compare datasets.</summary>
public sealed class DatasetFolder : IDisposable
{
    public DatasetFolder(string name = "dataset")
    {
        Root = Path.Combine(Path.GetTempPath(), "sd-sync2-" + Guid.NewGuid().ToString("N").Substring(0, 10));
        Folder = Path.Combine(Root, name);
    }

    public string Root { get; }

    /// <summary>The dataset folder itself (not created: the sync creates it).</summary>
    public string Folder { get; }

    public string File(string relative) => Path.Combine(Folder, relative.Replace('/', Path.DirectorySeparatorChar));

    public string Text(string relative) => System.IO.File.ReadAllText(File(relative));

    public string[] Lines(string relative) => System.IO.File.ReadAllLines(File(relative));

    /// <summary>Relative path → SHA-256 of every file, the run log and lock files left out (they differ between runs by design).</summary>
    public SortedDictionary<string, string> Hashes()
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(Folder)) return hashes;
        foreach (string file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(Folder, file).Replace('\\', '/');
            if (relative.EndsWith(SyncStateStore.RunLogFileName, StringComparison.Ordinal) || relative.Contains("/lock", StringComparison.Ordinal)) continue;
            hashes[relative] = Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(file)));
        }
        return hashes;
    }

    /// <summary>Files whose bytes changed between two snapshots, plus added and removed ones.</summary>
    public static List<string> Differences(SortedDictionary<string, string> before, SortedDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(k => !before.TryGetValue(k, out string? a) || !after.TryGetValue(k, out string? b) || a != b).OrderBy(k => k, StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Simulates a crash at one write step of a sync: the n-th write (data file, table or state) and every write after
/// it fail, as if the process had died there (the run's clean-up writes nothing either).
/// </summary>
public sealed class CrashAt
{
    private readonly int _step;
    private int _seen;

    public CrashAt(int step) => _step = step;

    public List<string> Steps { get; } = new();

    public bool Crashed { get; private set; }

    public void Attach(SyncCommitter committer) => committer.BeforeWrite = Before;

    private void Before(string what)
    {
        if (Crashed) throw new SimulatedCrash(what);
        Steps.Add(what);
        if (++_seen == _step)
        {
            Crashed = true;
            throw new SimulatedCrash(what);
        }
    }
}

public sealed class SimulatedCrash : Exception
{
    public SimulatedCrash(string step) : base("simulated crash before " + step) { }
}
