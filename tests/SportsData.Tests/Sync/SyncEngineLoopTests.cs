using System.Runtime.CompilerServices;
using SportsData.Sync;

namespace SportsData.Tests.Sync;

/// <summary>
/// The engine's loop with an in-process adapter (unit tests; the vendors' adapters run over loopback in
/// <see cref="SyncContractTests"/>): concurrency within the adapter's limit, rows stored in listing order, failures.
/// </summary>
public class SyncEngineLoopTests
{
    private sealed class Options : VendorSyncOptions
    {
    }

    /// <summary>Items "0".."n-1", each fetched after a random short delay into files/&lt;key&gt;.txt, stored as a row.</summary>
    private sealed class CountingAdapter : ISyncAdapter
    {
        private readonly int _items;
        private int _inFlight;
        private KeyedCsvTable _table = null!;

        public CountingAdapter(int items, int concurrency)
        {
            _items = items;
            Concurrency = concurrency;
        }

        public string Activity => "Test";
        public string ItemNoun => "items";
        public int Concurrency { get; }
        public int MaxInFlight { get; private set; }
        public List<string> Stored { get; } = new();
        public HashSet<string> Failing { get; } = new();
        public string? CrashAt { get; set; }

        public void Open(SyncContext context) => _table = context.Table("items.csv", new[] { "key", "value" }, new[] { "key" });

        public async IAsyncEnumerable<IReadOnlyList<SyncItem>> ListAsync(SyncContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            SyncStreamState stream = context.State.Stream("test/items");
            yield return Enumerable.Range(0, _items).Select(i => new SyncItem(stream, i.ToString("D2"), "v1", "item " + i, null)).ToList();
        }

        public SyncItemStatus Classify(SyncItem item, SyncItemStatus byState, SyncContext context) => byState;

        public async Task<object?> FetchAsync(SyncItem item, SyncContext context, CancellationToken cancellationToken)
        {
            int now = Interlocked.Increment(ref _inFlight);
            lock (Stored) MaxInFlight = Math.Max(MaxInFlight, now);
            try
            {
                await Task.Delay(Random.Shared.Next(1, 15), cancellationToken);
                if (item.Key == CrashAt) throw new SimulatedCrash("fetch " + item.Key);
                if (Failing.Contains(item.Key)) throw SportsDataException.InvalidArgument("Item", "item " + item.Key + " fails");
                await context.WriteFileAsync("files/" + item.Key + ".txt", (s, ct) => s.WriteAsync(new byte[] { (byte)'x' }, ct).AsTask(), cancellationToken);
                return "value " + item.Key;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public bool Store(SyncItem item, object? fetched, SyncContext context)
        {
            Stored.Add(item.Key);
            _table.Upsert(new[] { item.Key, (string?)fetched });
            return true;
        }

        public void Close(SyncContext context)
        {
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Fetches_run_within_the_adapters_concurrency_and_rows_are_stored_in_listing_order(int concurrency)
    {
        using var folder = new TempFolder();
        var adapter = new CountingAdapter(24, concurrency);
        adapter.Failing.Add("05");
        var errors = new List<object?>();

        SyncResult result = await SyncEngine.RunAsync(adapter, new Options { Path = folder.Path, ReportError = (_, t) => errors.Add(t) }, null, new SyncResult(), CancellationToken.None);

        Assert.Equal(concurrency, adapter.MaxInFlight);
        Assert.Equal(Enumerable.Range(0, 24).Where(i => i != 5).Select(i => i.ToString("D2")), adapter.Stored);
        Assert.Equal((23, 1), (result.New, result.Failed));
        Assert.Equal(new object?[] { "05" }, errors);
        Assert.Equal(24, File.ReadAllLines(folder.File("items.csv")).Length); // header + 23
        Assert.True(SyncStateStore.Load(folder.Path).Stream("test/items").IsFailed("05"));

        SyncResult again = await SyncEngine.RunAsync(new CountingAdapter(24, concurrency), new Options { Path = folder.Path }, null, new SyncResult(), CancellationToken.None);
        Assert.Equal((1, 0, 23, 0), (again.New, again.Changed, again.Unchanged, again.Failed)); // only the failed one, stored for the first time now
    }

    [Fact]
    public async Task A_crash_during_concurrent_fetches_lets_the_fetches_under_way_end_before_the_run_gives_up_the_dataset()
    {
        using var folder = new TempFolder();
        var adapter = new CountingAdapter(24, 4) { CrashAt = "10" };

        await Assert.ThrowsAsync<SimulatedCrash>(() => SyncEngine.RunAsync(adapter, new Options { Path = folder.Path }, null, new SyncResult(), CancellationToken.None));

        var state = SyncStateStore.Load(folder.Path).Stream("test/items");
        Assert.All(state.Items.Keys, k => Assert.True(File.Exists(folder.File("files/" + k + ".txt")), k)); // the state never runs ahead of the files
        Assert.DoesNotContain("10", state.Items.Keys);
        using (DatasetLock.Acquire(folder.Path)) { } // released, and no fetch writes after this
        var files = Directory.GetFiles(folder.File("files")).Length;
        await Task.Delay(50);
        Assert.Equal(files, Directory.GetFiles(folder.File("files")).Length);
    }
}
