using SportsData.Sync;

namespace SportsData.Tests.Sync;

/// <summary>A dataset folder for a sync test: <see cref="Folder"/> lies inside a <see cref="TempFolder"/> and is not created (the sync creates it).</summary>
public sealed class DatasetFolder : IDisposable
{
    private readonly TempFolder _root = new();

    public string Root => _root.Path;

    public string Folder => _root.File("dataset");

    public string File(string relative) => System.IO.Path.Combine(Folder, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public string[] Lines(string relative) => System.IO.File.ReadAllLines(File(relative));

    /// <summary>The errors a sync reported through <see cref="Report"/>, each with its item's key.</summary>
    public List<(Exception Error, string Key)> Errors { get; } = new();

    /// <summary>For the sync options' ReportError hook: records the error and its item's key.</summary>
    public void Report(Exception error, object? key) => Errors.Add((error, (string)key!));

    /// <summary>Relative path → SHA-256 of every data file and table (the state folder left out).</summary>
    public SortedDictionary<string, string> Hashes() => Directory.Exists(Folder) ? TempFolder.Snapshot(Folder) : new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Files whose bytes differ between two snapshots, plus added and removed ones.</summary>
    public static List<string> Differences(SortedDictionary<string, string> before, SortedDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(k => !before.TryGetValue(k, out string? a) || !after.TryGetValue(k, out string? b) || a != b).OrderBy(k => k, StringComparer.Ordinal).ToList();

    public void Dispose() => _root.Dispose();
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

    /// <summary>The write steps seen, in order ("file ik/..", "table sessions.csv", "state").</summary>
    public List<string> Steps { get; } = new();

    public bool Crashed { get; private set; }

    /// <summary>For the sync options' BeforeWrite hook.</summary>
    public void Before(string what)
    {
        lock (Steps) // data files of one item may be written concurrently
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
}

public sealed class SimulatedCrash : Exception
{
    public SimulatedCrash(string step) : base("simulated crash before " + step) { }
}
