using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.Sync
{
    /// <summary>
    /// What a vendor tells <see cref="SyncEngine"/>: how to list, what an item's version is, how to fetch one and
    /// which rows and files it produces. The engine owns the loop around it: the dataset lock and state, -WhatIf,
    /// classification, confirmation, fetch concurrency, failures and error counts, deletion marks, progress and the
    /// run log. An adapter never counts results or catches an item's failure itself.
    /// <para>Order of calls: <see cref="Open"/>; <see cref="ListAsync"/>, whose batches the engine classifies
    /// (<see cref="Classify"/>) and works through (<see cref="FetchAsync"/> then <see cref="Store"/> per item)
    /// before it asks for the next batch; <see cref="Close"/>. Under -WhatIf the same calls happen except
    /// FetchAsync and Store, and the tables are read but never written.</para>
    /// </summary>
    public interface ISyncAdapter
    {
        /// <summary>The progress activity, e.g. "Sync-Valor".</summary>
        string Activity { get; }

        /// <summary>What the items are called in progress messages, e.g. "sessions".</summary>
        string ItemNoun { get; }

        /// <summary>Items fetched at once (1: one after the other). The connection's rate limiter still paces every request.</summary>
        int Concurrency { get; }

        /// <summary>Opens the tables the vendor writes (<see cref="SyncContext.Table"/>) and brings an older dataset layout up to date.</summary>
        void Open(SyncContext context);

        /// <summary>
        /// Lists the vendor's items, one batch at a time (a page, or a whole listing). Rows that come from the listing
        /// itself (teams, rosters, listing rows) may be written here; items gone from a complete listing are marked with
        /// <see cref="SyncContext.MarkDeleted"/>; a listing that fails goes to <see cref="SyncContext.ListingFailed"/>.
        /// The engine finishes a batch's items before it asks for the next, so code after a <c>yield return</c> runs once
        /// that batch is stored (e.g. to keep a continuation token).
        /// </summary>
        IAsyncEnumerable<IReadOnlyList<SyncItem>> ListAsync(SyncContext context, CancellationToken cancellationToken);

        /// <summary>
        /// What <paramref name="item"/> needs in this run. <paramref name="byState"/> is the state's answer (version
        /// compared, failures retried); an adapter refines it (e.g. a stored row that is missing means fetch again).
        /// </summary>
        SyncItemStatus Classify(SyncItem item, SyncItemStatus byState, SyncContext context);

        /// <summary>
        /// Fetches one item and writes its data files (<see cref="SyncContext.WriteFileAsync"/>); touches no table. May run
        /// concurrently with other items' fetches. Throws for a failed item. Returns what <see cref="Store"/> needs.
        /// </summary>
        Task<object?> FetchAsync(SyncItem item, SyncContext context, CancellationToken cancellationToken);

        /// <summary>
        /// Puts a fetched item's rows into the tables (one item at a time, in listing order). Returns false when part of
        /// the item failed (its errors already given to <see cref="SyncContext.Report"/>): the item is then retried next run.
        /// </summary>
        bool Store(SyncItem item, object? fetched, SyncContext context);

        /// <summary>After the last batch: table work that needs every item (e.g. a table whose columns follow its rows).</summary>
        void Close(SyncContext context);
    }

    /// <summary>One listed item: where its version is kept, the version the listing shows, and what to ask before fetching it.</summary>
    public sealed class SyncItem(SyncStreamState stream, string key, string version, string target, object? listing)
    {
        public SyncStreamState Stream { get; } = stream;

        public string Key { get; } = key;

        /// <summary>The version stored for the item once it is written (a modified time, a content hash, what was fetched).</summary>
        public string Version { get; } = version;

        /// <summary>What ShouldProcess names ("team session 123 (Match, 2026-06-30 10:00)").</summary>
        public string Target { get; } = target;

        /// <summary>What ShouldProcess says is done to it; the engine sets a default from the status.</summary>
        public string? Action { get; set; }

        /// <summary>The vendor's listing object.</summary>
        public object? Listing { get; } = listing;

        /// <summary>False for items whose rows come from the listing itself: nothing to fetch, stored as listed.</summary>
        public bool Fetches { get; set; } = true;

        /// <summary>False for items that belong to an item counted elsewhere (an AiKYNETIX session's video): not in New/Changed/Unchanged.</summary>
        public bool Counts { get; set; } = true;

        /// <summary>What this run does with it (set by the engine).</summary>
        public SyncItemStatus Status { get; internal set; }
    }
}
