using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Http;
using SportsData.Valor;

namespace SportsData.Sync.Valor
{
    /// <summary>What Sync-Valor takes.</summary>
    public sealed class ValorSyncOptions : VendorSyncOptions
    {
        /// <summary>Also store each session's inverse-kinematics data (large) under ik/.</summary>
        public bool IncludeIKData { get; set; }

        /// <summary>Only these athletes' sessions; null or empty for the whole organisation.</summary>
        public IReadOnlyList<string>? AthleteIds { get; set; }

        /// <summary>Ask again for the reports stored as "no report" (Valor answered 404 before).</summary>
        public bool RecheckMissingReports { get; set; }

        /// <summary>Sessions per listing request.</summary>
        public int PageSize { get; set; } = ValorClient.DefaultPageSize;
    }

    /// <summary>
    /// Sync-Valor through <see cref="SyncEngine"/>. Valor's listing has no date filter, so every run walks the
    /// continuation token to its end (listing requests only) and fetches the report, and with -IncludeIKData the IK
    /// data, only of sessions it has not stored yet. The walk's position is kept in the state once the sessions of
    /// each page are stored, so a walk stopped by a fault or Ctrl+C continues from there on the next run; that run
    /// then walks once more from the start, so sessions that arrived meanwhile are not left for later. A session
    /// gone from a complete walk stays in sessions.csv with deleted_at.
    /// </summary>
    public static class ValorSync
    {
        public const string Activity = "Sync-Valor";
        public const string SessionsStream = "valor/sessions";

        public static Task<ValorSyncResult> RunAsync(ValorClient client, ValorSyncOptions options, CancellationToken cancellationToken) =>
            SyncEngine.RunAsync(new ValorSyncAdapter(client, options), options, client.Transport, new ValorSyncResult(), cancellationToken);
    }

    /// <summary>Valor's side of the sync contract: athletes and the session walk, versions, reports and IK files.</summary>
    internal sealed class ValorSyncAdapter : ISyncAdapter
    {
        private const string ListingStreamPrefix = "valor/listing/";
        private const string ContinuationValue = "continuation";
        private const string ReportVersion = "report";
        private const string ReportAndIKVersion = "report+ik";
        private readonly ValorClient _client;
        private readonly ValorSyncOptions _options;
        private readonly string _extension;
        private KeyedCsvTable _athletes = null!, _sessions = null!, _reports = null!;
        private KeyedCsvTable? _missingReports; // opened when the dataset has one, created at the first report Valor does not have

        public ValorSyncAdapter(ValorClient client, ValorSyncOptions options)
        {
            if (options.PageSize < 1 || options.PageSize > ValorClient.MaxPageSize)
            {
                throw SportsDataException.InvalidArgument("PageSize", $"PageSize {options.PageSize} is out of range: use 1 to {ValorClient.MaxPageSize} sessions per request.");
            }
            _extension = VendorSyncOptions.CsvExtension(options.Format, ValorSync.Activity);
            _client = client;
            _options = options;
        }

        public string Activity => ValorSync.Activity;

        public string ItemNoun => "sessions";

        public int Concurrency => 1;

        private static IRequestLog Log => RequestLog.Current;

        public void Open(SyncContext context)
        {
            _athletes = context.Table(ValorDataset.AthletesTable + ".csv", WithDeletedAt(ValorDataset.AthleteColumns), ValorDataset.AthleteKey);
            _sessions = context.Table(ValorDataset.SessionsTable + ".csv", WithDeletedAt(ValorDataset.SessionColumns), ValorDataset.SessionKey);
            _reports = context.Table(ValorDataset.ReportsTable + ".csv", ValorDataset.ReportColumns, ValorDataset.ReportKey);
            if (System.IO.File.Exists(System.IO.Path.Combine(context.Folder, ValorDataset.MissingReportsTable + ".csv"))) _missingReports = MissingReports(context);
        }

        public async IAsyncEnumerable<IReadOnlyList<SyncItem>> ListAsync(SyncContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await AthletesAsync(context, cancellationToken).ConfigureAwait(false);
            SyncStreamState items = context.State.Stream(ValorSync.SessionsStream);
            foreach (string? athleteId in Scopes())
            {
                SyncStreamState listing = context.State.Stream(ListingStream(athleteId));
                string? resumeFrom = listing.Get(ContinuationValue);
                if (resumeFrom != null)
                {
                    Log.Verbose($"Valor: continuing the session listing of {Who(athleteId)} where an earlier run stopped (continuation token {resumeFrom}).");
                    var resumed = new Walk(athleteId, resumeFrom);
                    await foreach (IReadOnlyList<SyncItem> page in WalkAsync(context, items, listing, resumed, cancellationToken).ConfigureAwait(false)) yield return page;
                    if (resumed.Refused) Log.Verbose($"Valor: the stored continuation token of {Who(athleteId)} is no longer valid; listing from the start.");
                }
                await foreach (IReadOnlyList<SyncItem> page in WalkAsync(context, items, listing, new Walk(athleteId, null), cancellationToken).ConfigureAwait(false)) yield return page;
            }
        }

        /// <summary>Stored sessions need their report (never stored, or failed) and with -IncludeIKData their IK data (not stored with it).</summary>
        public SyncItemStatus Classify(SyncItem item, SyncItemStatus byState, SyncContext context)
        {
            (bool report, bool ik) = Needs(item);
            if (!report && !ik) return SyncItemStatus.Unchanged;
            var session = (ValorSession)item.Listing!;
            item.Action = "Fetch " + (report && ik ? "the report and IK data" : report ? "the report" : "the IK data") + " into "
                + (report ? ValorDataset.ReportsTable + ".csv" : string.Empty) + (report && ik ? " and " : string.Empty)
                + (ik ? ValorDataset.IKFile(session.AthleteId, session.SessionId, _extension) : string.Empty);
            return item.Stream.Version(item.Key) == null ? SyncItemStatus.New : SyncItemStatus.Changed;
        }

        public async Task<object?> FetchAsync(SyncItem item, SyncContext context, CancellationToken cancellationToken)
        {
            var session = (ValorSession)item.Listing!;
            if (string.IsNullOrWhiteSpace(session.S3Key))
            {
                Log.Warning($"Valor: session {session.SessionId} has no s3Key, so it has no report or IK data to fetch; only its listing row is stored.");
                return null;
            }
            (bool needReport, bool needIK) = Needs(item);
            if (needIK) await WriteIKAsync(context, session, cancellationToken).ConfigureAwait(false);
            if (!needReport) return null;
            try
            {
                IReadOnlyList<ValorReportMetric> metrics = await _client.GetReportAsync(session.S3Key!, session.SessionId, session.AthleteId, cancellationToken).ConfigureAwait(false);
                return ValorDataset.ReportRows(metrics);
            }
            catch (SportsDataException ex) when (ex.Kind == FailureKind.NotFound)
            {
                return new NoReport(ex.Message);
            }
        }

        public bool Store(SyncItem item, object? fetched, SyncContext context)
        {
            var session = (ValorSession)item.Listing!;
            if (fetched is List<string?[]> reportRows)
            {
                _reports.ReplaceWhere("session_id", item.Key, reportRows);
                _missingReports?.Remove(item.Key);
            }
            else if (fetched is NoReport none)
            {
                // Stored as "no report" with the time it was checked: asked again only when the session's s3Key changes
                // or with -RecheckMissingReports, so a report Valor never made is one error, not one every night.
                bool known = _missingReports?.Find(item.Key) != null;
                _missingReports ??= MissingReports(context);
                _missingReports.Upsert(new[] { item.Key, session.AthleteId, session.S3Key, DatasetCsv.UtcTime(context.Result.StartTime), none.Message });
                _reports.ReplaceWhere("session_id", item.Key, Array.Empty<string?[]>());
                if (!known)
                {
                    context.ReportStored(new SportsDataException(ErrorIds.Valor.ReportMissing, FailureKind.NotFound,
                        $"Valor has no report for session {item.Key} (404: {none.Message}). It is stored as 'no report' in {ValorDataset.MissingReportsTable}.csv and not asked for again unless the session's s3Key changes or Sync-Valor runs with -RecheckMissingReports.")
                    { Target = item.Key }, item.Key);
                }
            }
            return true;
        }

        private static KeyedCsvTable MissingReports(SyncContext context) =>
            context.Table(ValorDataset.MissingReportsTable + ".csv", ValorDataset.MissingReportColumns, ValorDataset.SessionKey);

        /// <summary>A report Valor answered 404 for.</summary>
        private sealed class NoReport
        {
            public NoReport(string message)
            {
                Message = message;
            }

            public string Message { get; }
        }

        public void Close(SyncContext context)
        {
        }

        private IEnumerable<string?> Scopes()
        {
            var athletes = (_options.AthleteIds ?? Array.Empty<string>()).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.Ordinal).ToList();
            return athletes.Count == 0 ? new string?[] { null } : athletes.Cast<string?>();
        }

        private static string ListingStream(string? athleteId) => ListingStreamPrefix + (athleteId == null ? "all" : "athlete/" + athleteId);

        private static string Who(string? athleteId) => athleteId == null ? "all athletes" : "athlete " + athleteId;

        private static string[] WithDeletedAt(string[] columns) => columns.Concat(new[] { KeyedCsvTable.DeletedAtColumn }).ToArray();

        /// <summary>A listed row: deleted_at empty (a session listed again is no longer deleted).</summary>
        private static string?[] WithoutDeletion(string?[] row) => row.Concat(new string?[] { null }).ToArray();

        private (bool Report, bool IK) Needs(SyncItem item)
        {
            string? stored = item.Stream.Version(item.Key);
            bool failed = item.Stream.IsFailed(item.Key);
            bool report = stored == null || failed || RecheckReport((ValorSession)item.Listing!);
            bool ik = _options.IncludeIKData && (stored == null || failed || stored != ReportAndIKVersion);
            return (report, ik);
        }

        /// <summary>A session stored as "no report": asked again with -RecheckMissingReports or when its s3Key changed.</summary>
        private bool RecheckReport(ValorSession session)
        {
            IReadOnlyList<string?>? row = _missingReports?.Find(session.SessionId);
            if (row == null) return false;
            return _options.RecheckMissingReports || !string.Equals(_missingReports!.Value(row, "s3_key"), session.S3Key, StringComparison.Ordinal);
        }

        /// <summary>athletes.csv: every athlete listed; athletes no longer listed are marked deleted (not when the listing came back empty).</summary>
        private async Task AthletesAsync(SyncContext context, CancellationToken cancellationToken)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                await foreach (ValorAthlete athlete in _client.GetAthletesAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (string.IsNullOrEmpty(athlete.AthleteId) || !listed.Add(athlete.AthleteId)) continue;
                    _athletes.Upsert(WithoutDeletion(ValorDataset.AthleteRow(athlete)));
                }
            }
            catch (SportsDataException ex) when (ex.Kind == FailureKind.PermissionDenied || ex.Kind == FailureKind.NotFound)
            {
                // The athletes endpoint is known from client code, not from Valor's documentation. API Gateway answers
                // 403 "Missing Authentication Token" for a resource it does not have: not an error to report every night.
                Log.Warning("Valor: the athletes endpoint is not available to this account (" + ex.Message + "); athletes.csv is not updated. Sessions are synced as usual.");
                return;
            }
            catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
            {
                context.ListingFailed(ex, "athletes"); // the sessions still sync
                return;
            }
            if (listed.Count == 0) return;
            int idColumn = _athletes.IndexOf("athlete_id");
            foreach (string id in _athletes.Rows.Select(r => r[idColumn]!).Where(id => !listed.Contains(id)).ToList())
            {
                context.MarkDeleted(_athletes, "athlete_id", id, counts: false);
            }
        }

        /// <summary>
        /// One walk of the session listing, page by page: each page's sessions go to sessions.csv and to the engine as
        /// items; once the engine stored them, the walk's position is kept. A complete walk from the start marks the
        /// sessions of its scope that it did not list.
        /// </summary>
        private async IAsyncEnumerable<IReadOnlyList<SyncItem>> WalkAsync(SyncContext context, SyncStreamState items, SyncStreamState listing, Walk walk, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            string token = walk.ResumeFrom ?? ValorListingState.StartToken;
            var tokens = new HashSet<string>(StringComparer.Ordinal) { token };
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int pageNumber = 1; ; pageNumber++)
            {
                ValorSessionPage page;
                try
                {
                    page = await _client.GetSessionPageAsync(walk.AthleteId, _options.PageSize, token, cancellationToken).ConfigureAwait(false);
                }
                catch (ApiException ex) when (walk.ResumeFrom != null && pageNumber == 1 && ex.StatusCode == HttpStatusCode.BadRequest)
                {
                    listing.Set(ContinuationValue, null);
                    walk.Refused = true;
                    yield break;
                }
                catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
                {
                    context.ListingFailed(ex, Who(walk.AthleteId)); // the position stays where the last stored page left it
                    yield break;
                }
                string? next = _client.ContinueWith(page.NextToken, tokens, "sessions") ? page.NextToken : null;
                Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Valor: sessions of {0}, page {1}: {2} session(s){3}.",
                    Who(walk.AthleteId), pageNumber, page.Sessions.Count, page.NotFound ? " (404: none)" : next == null ? ", last page" : string.Empty));
                var batch = new List<SyncItem>();
                foreach (ValorSession session in page.Sessions)
                {
                    if (string.IsNullOrEmpty(session.SessionId) || !seen.Add(session.SessionId)) continue;
                    _sessions.Upsert(WithoutDeletion(ValorDataset.SessionRow(session)));
                    string stored = items.Version(session.SessionId) ?? string.Empty;
                    string version = _options.IncludeIKData || stored == ReportAndIKVersion ? ReportAndIKVersion : ReportVersion;
                    batch.Add(new SyncItem(items, session.SessionId, version, "Valor session " + session.SessionId, session));
                }
                yield return batch;
                // Every session of this page is stored (or recorded as failed): the walk may continue after it.
                listing.Set(ContinuationValue, next);
                if (next == null) break;
                token = next;
            }
            if (walk.ResumeFrom == null) MarkDeleted(context, walk.AthleteId, seen);
        }

        private async Task WriteIKAsync(SyncContext context, ValorSession session, CancellationToken cancellationToken)
        {
            // One session's response is held while its rows stream into the file.
            using ValorEnvelope envelope = await _client.GetIKEnvelopeAsync(session.S3Key!, cancellationToken).ConfigureAwait(false);
            long rows = 0;
            IEnumerable<IReadOnlyList<string?>> frames = ValorMapper.IKFrames(envelope.Body, session.S3Key!, session.SessionId, session.AthleteId, null).Select(ValorDataset.IKRow);
            await context.WriteFileAsync(ValorDataset.IKFile(session.AthleteId, session.SessionId, _extension), (stream, ct) =>
            {
                rows = DatasetCsv.Write(stream, ValorDataset.IKColumns, frames, DatasetCsv.IsCompressed(_extension));
                return Task.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
            context.AddRows(rows);
        }

        /// <summary>Sessions stored for this scope that a complete walk did not list: kept, marked deleted_at.</summary>
        private void MarkDeleted(SyncContext context, string? athleteId, HashSet<string> listed)
        {
            int idColumn = _sessions.IndexOf("session_id");
            int athleteColumn = _sessions.IndexOf("athlete_id");
            foreach (string id in _sessions.Rows.Where(r => !listed.Contains(r[idColumn]!) && (athleteId == null || r[athleteColumn] == athleteId)).Select(r => r[idColumn]!).ToList())
            {
                context.MarkDeleted(_sessions, "session_id", id);
            }
        }

        /// <summary>One walk of one scope: where it starts, and whether Valor refused the stored token.</summary>
        private sealed class Walk(string? athleteId, string? resumeFrom)
        {
            public string? AthleteId { get; } = athleteId;
            public string? ResumeFrom { get; } = resumeFrom;
            public bool Refused { get; set; }
        }
    }
}
