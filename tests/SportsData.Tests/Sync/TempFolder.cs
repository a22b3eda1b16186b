namespace SportsData.Tests.Sync;

/// <summary>A real folder on the real disk, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sportsdata-sync-" + Guid.NewGuid().ToString("N").Substring(0, 10));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string relative) => System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Relative path -> SHA-256 of every file below <paramref name="folder"/>, the state folder left out unless asked.</summary>
    public static SortedDictionary<string, string> Snapshot(string folder, bool includeState = false)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            string relative = System.IO.Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (!includeState && relative.StartsWith(".sportsdata/", StringComparison.Ordinal)) continue;
            result[relative] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(file)));
        }
        return result;
    }

    /// <summary>Relative path -> last write time of every data file (state folder left out).</summary>
    public static SortedDictionary<string, DateTime> WriteTimes(string folder)
    {
        var result = new SortedDictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            string relative = System.IO.Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (relative.StartsWith(".sportsdata/", StringComparison.Ordinal)) continue;
            result[relative] = System.IO.File.GetLastWriteTimeUtc(file);
        }
        return result;
    }
}
