using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Aikynetix;
using SportsData.Http;

namespace SportsData.Sync.Aikynetix
{
    /// <summary>What Sync-ManagedSession takes.</summary>
    public sealed class ManagedSessionSyncOptions : VendorSyncOptions
    {
        /// <summary>Also download each analyzed video to videos/&lt;session_id&gt;.mp4 (again only when it changed).</summary>
        public bool IncludeVideos { get; set; }
    }

    /// <summary>
    /// Sync-ManagedSession through <see cref="SyncEngine"/>. The full session listing is one response (a map keyed by
    /// id), so each run reads it once: sessions.csv gets one row per session id, rewritten in place when a session
    /// changed (title, time, state, analyzed video, metrics); sessions gone from the listing are kept and marked
    /// deleted_at. With IncludeVideos, each analyzed video is downloaded once, and again only when its URL (without
    /// the signed query string) changed or the file is missing.
    /// </summary>
    public static class ManagedSessionSync
    {
        public const string Activity = "Sync-ManagedSession";
        public const string SessionsStream = "aikynetix/sessions";
        public const string VideosStream = "aikynetix/videos";

        public static Task<ManagedSessionSyncResult> RunAsync(AikynetixClient client, ManagedSessionSyncOptions options, CancellationToken cancellationToken) =>
            SyncEngine.RunAsync(new ManagedSessionSyncAdapter(client, options), options, client.Transport, new ManagedSessionSyncResult(), cancellationToken);
    }

    /// <summary>
    /// AiKYNETIX's side of the sync contract. Sessions are items whose rows come from the listing (version: a hash of
    /// the row); analyzed videos are items of their own (version: the URL without its query), not counted as sessions.
    /// sessions.csv's columns follow its rows: every flattened metric some row has.
    /// </summary>
    internal sealed class ManagedSessionSyncAdapter : ISyncAdapter
    {
        private const string TableFile = ManagedSessionDataset.SessionsTable + ".csv";
        private readonly AikynetixClient _client;
        private readonly ManagedSessionSyncOptions _options;
        private KeyedCsvTable _table = null!;

        public ManagedSessionSyncAdapter(AikynetixClient client, ManagedSessionSyncOptions options)
        {
            VendorSyncOptions.CsvExtension(options.Format, ManagedSessionSync.Activity); // tables are CSV; refuse Parquet clearly
            _client = client;
            _options = options;
        }

        public string Activity => ManagedSessionSync.Activity;

        public string ItemNoun => "analyzed videos";

        public int Concurrency => 1;

        public void Open(SyncContext context)
        {
            _table = context.Table(TableFile, Layout(KeyedCsvTable.ReadHeader(context.FullPath(TableFile))), ManagedSessionDataset.Key);
        }

        public async IAsyncEnumerable<IReadOnlyList<SyncItem>> ListAsync(SyncContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var listed = new List<ManagedSession>();
            try
            {
                await foreach (ManagedSession session in _client.GetSessionsAsync(null, cancellationToken).ConfigureAwait(false)) listed.Add(session);
            }
            catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
            {
                context.ListingFailed(ex, "sessions");
                yield break;
            }
            listed.Sort((a, b) => string.CompareOrdinal(a.SessionId, b.SessionId)); // deterministic whatever order the map came in

            SyncStreamState items = context.State.Stream(ManagedSessionSync.SessionsStream);
            var sessions = new List<SyncItem>();
            var listedIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (ManagedSession session in listed.Where(s => listedIds.Add(s.SessionId)))
            {
                Dictionary<string, string?> row = ManagedSessionDataset.Row(session);
                sessions.Add(new SyncItem(items, session.SessionId, SyncStreamState.ContentVersion(Canonical(row)), Target(session.SessionId), row) { Fetches = false });
            }
            // Room for every column a listed row has; Close drops the columns no row has any more.
            _table.Reshape(Layout(_table.Columns.Concat(sessions.SelectMany(i => ((Dictionary<string, string?>)i.Listing!).Keys))));
            int idColumn = _table.IndexOf("session_id");
            foreach (string gone in _table.Rows.Select(r => r[idColumn]!).Where(id => !listedIds.Contains(id)).ToList())
            {
                items.Remove(gone);
                context.MarkDeleted(_table, "session_id", gone);
            }
            yield return sessions;

            if (!_options.IncludeVideos) yield break;
            SyncStreamState videos = context.State.Stream(ManagedSessionSync.VideosStream);
            yield return listed.Where(s => listedIds.Contains(s.SessionId) && ManagedSessionDataset.VideoVersion(s) != null)
                .Select(s => new SyncItem(videos, s.SessionId, ManagedSessionDataset.VideoVersion(s)!, Target(s.SessionId), s)
                {
                    Counts = false,
                    Action = "Download the analyzed video to " + ManagedSessionDataset.VideoFile(s.SessionId),
                })
                .ToList();
        }

        /// <summary>A session stored in the state but missing from the table is written again; a video missing on disk is downloaded again.</summary>
        public SyncItemStatus Classify(SyncItem item, SyncItemStatus byState, SyncContext context)
        {
            if (item.Listing is ManagedSession)
            {
                bool missing = !System.IO.File.Exists(context.FullPath(ManagedSessionDataset.VideoFile(item.Key)));
                return byState == SyncItemStatus.Unchanged && missing ? SyncItemStatus.Changed : byState;
            }
            SyncItemStatus status = byState == SyncItemStatus.Unchanged && _table.Find(item.Key) == null ? SyncItemStatus.New : byState;
            item.Action = $"Write the {(status == SyncItemStatus.New ? "new" : "changed")} session to {TableFile}";
            return status;
        }

        public async Task<object?> FetchAsync(SyncItem item, SyncContext context, CancellationToken cancellationToken)
        {
            await DownloadAsync(_client, (ManagedSession)item.Listing!, ManagedSessionDataset.VideoFile(item.Key), context, cancellationToken).ConfigureAwait(false);
            return null;
        }

        public bool Store(SyncItem item, object? fetched, SyncContext context)
        {
            if (item.Listing is Dictionary<string, string?> row)
            {
                _table.Upsert(_table.Columns.Select(c => row.TryGetValue(c, out string? value) ? value : null).ToArray());
            }
            return true;
        }

        /// <summary>The columns follow the rows: flattened columns no row has a value in any more go.</summary>
        public void Close(SyncContext context)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (IReadOnlyList<string?> row in _table.Rows)
            {
                for (int i = 0; i < row.Count; i++) if (row[i] != null) used.Add(_table.Columns[i]);
            }
            _table.Reshape(Layout(used));
        }

        /// <summary>The fixed columns, the flattened ones among <paramref name="columns"/> in ordinal order, extra, deleted_at.</summary>
        private static IReadOnlyList<string> Layout(IEnumerable<string> columns)
        {
            List<string> layout = ManagedSessionDataset.Columns(columns);
            layout.Add(KeyedCsvTable.DeletedAtColumn);
            return layout;
        }

        private static string Target(string sessionId) => "AiKYNETIX session " + sessionId;

        /// <summary>
        /// Downloads from the listing's URL; when that (signed) URL has expired (403/404 from storage) or is not an
        /// http(s) link, asks the API for a fresh download URL once. The API is only asked for sessions that already have an analyzed video, so this never
        /// starts an analysis.
        /// </summary>
        private static async Task DownloadAsync(AikynetixClient client, ManagedSession session, string relative, SyncContext context, CancellationToken cancellationToken)
        {
            try
            {
                await context.WriteFileAsync(relative, (stream, ct) => client.DownloadToAsync(session.SessionId, session.AnalyzedVideoUrl!, stream, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (SportsDataException ex) when (ex.ErrorId == ErrorIds.Aikynetix.InvalidVideoUrl
                || (ex.ErrorId == ErrorIds.Aikynetix.DownloadFailed && (ex.Kind == FailureKind.PermissionDenied || ex.Kind == FailureKind.NotFound)))
            {
                // An expired signature, or a storage path rather than a download link: ask the API for a download URL.
                RequestLog.Current.Verbose($"Aikynetix: the listed video URL of session {session.SessionId} cannot be downloaded ({ex.ErrorId}, {ex.Kind}); asking for a fresh one.");
                ManagedSessionVideo fresh = await client.GetAnalyzedVideoAsync(session.SessionId, false, false, true, cancellationToken).ConfigureAwait(false);
                await context.WriteFileAsync(relative, (stream, ct) => client.DownloadToAsync(session.SessionId, fresh.Url!, stream, ct), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>A row as one text with columns in ordinal order: the content a version hash is taken of.</summary>
        private static string Canonical(Dictionary<string, string?> row)
        {
            var builder = new StringBuilder();
            foreach (KeyValuePair<string, string?> pair in row.Where(p => p.Value != null).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                builder.Append(pair.Key).Append('\u001f').Append(pair.Value).Append('\u001e');
            }
            return builder.ToString();
        }
    }
}
