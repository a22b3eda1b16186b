using System.Text;
using SportsData.Sync;

namespace SportsData.Tests.Sync;

/// <summary>-Encoding Utf8Bom of the Sync cmdlets: a byte-order mark for Excel, and nothing else changes.</summary>
public class SyncEncodingTests
{
    private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };

    private static bool StartsWithBom(byte[] bytes) => bytes.Length >= 3 && bytes.AsSpan(0, 3).SequenceEqual(Bom);

    [Fact]
    public async Task Utf8Bom_starts_every_csv_file_with_the_mark_and_the_default_stays_without_it_byte_for_byte()
    {
        await using var world = await PolarSyncWorld.StartAsync();
        using var plain = new TempFolder();
        using var marked = new TempFolder();

        await world.SyncAsync(plain.Path);
        await world.SyncAsync(marked.Path, o => o.Encoding = CsvEncoding.Utf8Bom);

        SortedDictionary<string, string> files = TempFolder.Snapshot(plain.Path);
        Assert.Equal(files.Keys, TempFolder.Snapshot(marked.Path).Keys);
        Assert.Contains("players.csv", files.Keys);
        Assert.Contains(files.Keys, f => f.StartsWith("samples/", StringComparison.Ordinal));
        foreach (string file in files.Keys)
        {
            byte[] without = File.ReadAllBytes(plain.File(file));
            byte[] with = File.ReadAllBytes(marked.File(file));
            Assert.False(StartsWithBom(without), file);
            Assert.True(StartsWithBom(with), file + " has no byte-order mark");
            Assert.Equal(without, with.Skip(3).ToArray());
        }

        // What Excel decodes: the names with accents intact after the mark.
        string players = Encoding.UTF8.GetString(File.ReadAllBytes(marked.File("players.csv")).Skip(3).ToArray());
        string[] accented = world.Data.Teams.SelectMany(t => t.Players).Select(p => p.LastName).Where(n => n.Any(c => c > 127)).Distinct().ToArray();
        Assert.NotEmpty(accented);
        foreach (string name in accented) Assert.Contains(name, players);

        // A later run without the option rewrites the tables without the mark: byte-identical to the plain dataset again.
        await world.SyncAsync(marked.Path);
        foreach (string table in files.Keys.Where(f => !f.Contains('/')))
        {
            Assert.Equal(File.ReadAllBytes(plain.File(table)), File.ReadAllBytes(marked.File(table)));
        }
    }
}
