using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
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
    /// Keeps an AiKYNETIX dataset folder up to date. The full session listing is one response (a map keyed by id),
    /// so each run reads it once: sessions.csv gets one row per session id, rewritten in place when a session
    /// changed (title, time, state, analyzed video, metrics); sessions gone from the listing are kept and marked
    /// deleted_at. With IncludeVideos, each analyzed video is downloaded once, and again only when its URL (without
    /// the signed query string) changed or the file is missing.
    /// </summary>
    public static class ManagedSessionSync
    {
        public const string Activity = "Sync-ManagedSession";
        public const string SessionsStream = "aikynetix/sessions";
        public const string VideosStream = "aikynetix/videos";
        private const string TableFile = ManagedSessionDataset.SessionsTable + ".csv";

        public static async Task<ManagedSessionSyncResult> RunAsync(AikynetixClient client, ManagedSessionSyncOptions options, CancellationToken cancellationToken)
        {
            VendorSyncOptions.CsvExtension(options.Format, "Sync-ManagedSession"); // tables are CSV; refuse Parquet clearly
            var result = new ManagedSessionSyncResult { Account = options.Account };
            if (options.WhatIf) return await PreviewAsync(client, options, result, cancellationToken).ConfigureAwait(false);

            using SyncRun run = SyncRun.Start(options.Path, result, client.Transport, options.Checkpoint);
            run.Committer.BeforeWrite = options.BeforeWrite;
            List<ManagedSession> listed = await ListAsync(client, cancellationToken).ConfigureAwait(false);
            SyncStreamState items = run.State.Stream(SessionsStream);

            // Rows: the stored table (deleted sessions keep their last row), updated with this listing.
            Dictionary<string, Dictionary<string, string?>> rows = ReadTable(run.Committer.FullPath(TableFile));
            var listedIds = new HashSet<string>(StringComparer.Ordinal);
            var versions = new List<(string Id, string Version)>();
            foreach (ManagedSession session in listed)
            {
                if (!listedIds.Add(session.SessionId)) continue;
                Dictionary<string, string?> row = ManagedSessionDataset.Row(session);
                string version = SyncStreamState.ContentVersion(Canonical(row));
                switch (items.Classify(session.SessionId, version))
                {
                    case SyncItemStatus.New: result.New++; break;
                    case SyncItemStatus.Changed: result.Changed++; break;
                    default: result.Unchanged++; break;
                }
                rows[session.SessionId] = row;
                versions.Add((session.SessionId, version));
            }
            DateTime now = DateTime.UtcNow;
            foreach (KeyValuePair<string, Dictionary<string, string?>> stored in rows.Where(r => !listedIds.Contains(r.Key)))
            {
                items.Remove(stored.Key);
                if (stored.Value.TryGetValue(KeyedCsvTable.DeletedAtColumn, out string? mark) && !string.IsNullOrEmpty(mark)) continue;
                stored.Value[KeyedCsvTable.DeletedAtColumn] = DatasetCsv.UtcTime(now);
                result.Deleted++;
                client.Transport.Log.Verbose($"Aikynetix: session {stored.Key} is no longer listed; kept in sessions.csv and marked deleted_at.");
            }

            List<string> columns = ManagedSessionDataset.Columns(rows.Values.SelectMany(r => r.Where(p => p.Value != null).Select(p => p.Key)));
            columns.Add(KeyedCsvTable.DeletedAtColumn);
            KeyedCsvTable table = run.Committer.Table(TableFile, columns, ManagedSessionDataset.Key);
            foreach (string stale in table.Rows.Select(r => r[0]!).Where(id => !rows.ContainsKey(id)).ToList()) table.Remove(stale);
            foreach (Dictionary<string, string?> row in rows.Values)
            {
                table.Upsert(columns.Select(c => row.TryGetValue(c, out string? value) ? value : null).ToArray());
            }
            foreach ((string id, string version) in versions) items.SetVersion(id, version);
            run.Committer.Checkpoint();

            if (options.IncludeVideos) await VideosAsync(client, options, run, listed, cancellationToken).ConfigureAwait(false);
            return (ManagedSessionSyncResult)run.Complete();
        }

        private static async Task<List<ManagedSession>> ListAsync(AikynetixClient client, CancellationToken cancellationToken)
        {
            var listed = new List<ManagedSession>();
            await foreach (ManagedSession session in client.GetSessionsAsync(null, cancellationToken).ConfigureAwait(false)) listed.Add(session);
            // Deterministic order whatever order the map came in.
            listed.Sort((a, b) => string.CompareOrdinal(a.SessionId, b.SessionId));
            return listed;
        }

        /// <summary>Downloads analyzed videos that are new, changed or missing on disk, one at a time, each through the dataset writer.</summary>
        private static async Task VideosAsync(AikynetixClient client, ManagedSessionSyncOptions options, SyncRun run, List<ManagedSession> listed, CancellationToken cancellationToken)
        {
            SyncStreamState videos = run.State.Stream(VideosStream);
            var pending = listed.Where(s => NeedsVideo(s, videos, run.Committer)).ToList();
            long done = 0;
            foreach (ManagedSession session in pending)
            {
                string relative = ManagedSessionDataset.VideoFile(session.SessionId);
                if (!await options.ConfirmAsync(Target(session.SessionId), VideoAction(session.SessionId)).ConfigureAwait(false)) continue;
                client.Transport.Log.Progress(Activity, string.Format(CultureInfo.InvariantCulture, "{0} of {1} analyzed videos, {2:N0} bytes", done, pending.Count, run.Committer.BytesWritten), done++, pending.Count);
                try
                {
                    await DownloadAsync(client, session, relative, run.Committer, cancellationToken).ConfigureAwait(false);
                    videos.SetVersion(session.SessionId, ManagedSessionDataset.VideoVersion(session)!);
                }
                catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    videos.MarkFailed(session.SessionId);
                    run.Result.Failed++;
                    run.CountError();
                    options.ReportError?.Invoke(ex, session.SessionId);
                }
                run.Committer.ItemCompleted();
            }
            client.Transport.Log.Progress(Activity, string.Format(CultureInfo.InvariantCulture, "{0} of {0} analyzed videos, {1:N0} bytes", pending.Count, run.Committer.BytesWritten), pending.Count, pending.Count);
        }

        private static bool NeedsVideo(ManagedSession session, SyncStreamState videos, SyncCommitter committer)
        {
            string? version = ManagedSessionDataset.VideoVersion(session);
            if (version == null) return false;
            if (videos.Classify(session.SessionId, version) != SyncItemStatus.Unchanged) return true;
            return !File.Exists(committer.FullPath(ManagedSessionDataset.VideoFile(session.SessionId)));
        }

        /// <summary>
        /// Downloads from the listing's URL; when that (signed) URL has expired (403/404 from storage) or is not an
        /// http(s) link, asks the API for a fresh download URL once. The API is only asked for sessions that already have an analyzed video, so this never
        /// starts an analysis.
        /// </summary>
        private static async Task DownloadAsync(AikynetixClient client, ManagedSession session, string relative, SyncCommitter committer, CancellationToken cancellationToken)
        {
            try
            {
                await committer.WriteFileAsync(relative, (stream, ct) => client.DownloadToAsync(session.SessionId, session.AnalyzedVideoUrl!, stream, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (SportsDataException ex) when (ex.ErrorId == "Aikynetix.InvalidVideoUrl"
                || (ex.ErrorId == "Aikynetix.DownloadFailed" && (ex.Kind == FailureKind.PermissionDenied || ex.Kind == FailureKind.NotFound)))
            {
                // An expired signature, or a storage path rather than a download link: ask the API for a download URL.
                client.Transport.Log.Verbose($"Aikynetix: the listed video URL of session {session.SessionId} cannot be downloaded ({ex.ErrorId}, {ex.Kind}); asking for a fresh one.");
                ManagedSessionVideo fresh = await client.GetAnalyzedVideoAsync(session.SessionId, false, false, true, cancellationToken).ConfigureAwait(false);
                await committer.WriteFileAsync(relative, (stream, ct) => client.DownloadToAsync(session.SessionId, fresh.Url!, stream, ct), cancellationToken).ConfigureAwait(false);
            }
        }

        private static string Target(string sessionId) => "AiKYNETIX session " + sessionId;

        private static string VideoAction(string sessionId) => "Download the analyzed video to " + ManagedSessionDataset.VideoFile(sessionId);

        /// <summary>-WhatIf: reads the listing, compares it with the stored state, reports what a run would write.</summary>
        private static async Task<ManagedSessionSyncResult> PreviewAsync(AikynetixClient client, ManagedSessionSyncOptions options, ManagedSessionSyncResult result, CancellationToken cancellationToken)
        {
            var preview = SyncPreview.Start(result, options.Path, client.Transport);
            string folder = preview.Folder;
            SyncStreamState items = preview.State.Stream(SessionsStream);
            SyncStreamState videos = preview.State.Stream(VideosStream);
            List<ManagedSession> listed = await ListAsync(client, cancellationToken).ConfigureAwait(false);
            var listedIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (ManagedSession session in listed)
            {
                if (!listedIds.Add(session.SessionId)) continue;
                string version = SyncStreamState.ContentVersion(Canonical(ManagedSessionDataset.Row(session)));
                SyncItemStatus status = items.Classify(session.SessionId, version);
                if (status == SyncItemStatus.New) result.New++;
                else if (status == SyncItemStatus.Changed) result.Changed++;
                else result.Unchanged++;
                if (status != SyncItemStatus.Unchanged) await options.ConfirmAsync(Target(session.SessionId), $"Write the {(status == SyncItemStatus.New ? "new" : "changed")} session to {TableFile}").ConfigureAwait(false);
                string? video = ManagedSessionDataset.VideoVersion(session);
                if (options.IncludeVideos && video != null && (videos.Classify(session.SessionId, video) != SyncItemStatus.Unchanged || !File.Exists(Path.Combine(folder, ManagedSessionDataset.VideoFile(session.SessionId)))))
                {
                    await options.ConfirmAsync(Target(session.SessionId), VideoAction(session.SessionId)).ConfigureAwait(false);
                }
            }
            foreach (string gone in items.Items.Keys.Where(id => !listedIds.Contains(id)).ToList())
            {
                result.Deleted++;
                await options.ConfirmAsync(Target(gone), $"Mark deleted_at in {TableFile} (no longer listed)").ConfigureAwait(false);
            }
            return preview.Complete(result);
        }

        /// <summary>The stored sessions.csv as session id → column → value (empty when there is none).</summary>
        private static Dictionary<string, Dictionary<string, string?>> ReadTable(string path)
        {
            var rows = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal);
            if (!File.Exists(path)) return rows;
            string[]? header = null;
            foreach (string[] record in DatasetCsv.ReadRecords(path))
            {
                if (header == null)
                {
                    header = record;
                    continue;
                }
                var row = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (int i = 0; i < header.Length && i < record.Length; i++) row[header[i]] = record[i].Length == 0 ? null : record[i];
                if (row.TryGetValue("session_id", out string? id) && !string.IsNullOrEmpty(id)) rows[id!] = row;
            }
            return rows;
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
