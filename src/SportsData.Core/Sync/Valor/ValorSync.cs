using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
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

        /// <summary>Sessions per listing request.</summary>
        public int PageSize { get; set; } = ValorClient.DefaultPageSize;
    }

    /// <summary>
    /// Keeps a Valor dataset folder up to date. Valor's listing has no date filter, so every run walks the
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
        private const string ListingStreamPrefix = "valor/listing/";
        private const string ContinuationValue = "continuation";
        private const string ReportVersion = "report";
        private const string ReportAndIKVersion = "report+ik";

        public static async Task<ValorSyncResult> RunAsync(ValorClient client, ValorSyncOptions options, CancellationToken cancellationToken)
        {
            if (options.PageSize < 1 || options.PageSize > ValorClient.MaxPageSize)
            {
                throw SportsDataException.InvalidArgument("PageSize", $"PageSize {options.PageSize} is out of range: use 1 to {ValorClient.MaxPageSize} sessions per request.");
            }
            string extension = VendorSyncOptions.CsvExtension(options.Format, "Sync-Valor");
            var result = new ValorSyncResult { Account = options.Account };
            if (options.WhatIf) return await PreviewAsync(client, options, result, cancellationToken).ConfigureAwait(false);

            using SyncRun run = SyncRun.Start(options.Path, result, client.Transport, options.Checkpoint);
            run.Committer.BeforeWrite = options.BeforeWrite;
            var job = new Job(client, options, run, extension);
            await job.AthletesAsync(cancellationToken).ConfigureAwait(false);
            foreach (string? athleteId in Scopes(options))
            {
                await job.WalkAsync(athleteId, cancellationToken).ConfigureAwait(false);
            }
            return (ValorSyncResult)run.Complete();
        }

        private static IEnumerable<string?> Scopes(ValorSyncOptions options)
        {
            var athletes = (options.AthleteIds ?? Array.Empty<string>()).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.Ordinal).ToList();
            return athletes.Count == 0 ? new string?[] { null } : athletes.Cast<string?>();
        }

        private static string ListingStream(string? athleteId) => ListingStreamPrefix + (athleteId == null ? "all" : "athlete/" + athleteId);

        private static string Who(string? athleteId) => athleteId == null ? "all athletes" : "athlete " + athleteId;

        /// <summary>Whether a stored session needs its report or IK data fetched in this run.</summary>
        private static (bool Report, bool IK) Needs(SyncStreamState items, string sessionId, bool includeIK)
        {
            string? stored = items.Version(sessionId);
            bool failed = items.IsFailed(sessionId);
            bool report = stored == null || failed;
            bool ik = includeIK && (stored == null || failed || stored != ReportAndIKVersion);
            return (report, ik);
        }

        private static string Target(ValorSession session) => "Valor session " + session.SessionId;

        private static string Action(ValorSession session, bool report, bool ik, string extension) =>
            "Fetch " + (report && ik ? "the report and IK data" : report ? "the report" : "the IK data") + " into "
            + (report ? ValorDataset.ReportsTable + ".csv" : string.Empty) + (report && ik ? " and " : string.Empty)
            + (ik ? ValorDataset.IKFile(session.AthleteId, session.SessionId, extension) : string.Empty);

        /// <summary>-WhatIf: walks the listing, compares it with the stored state and reports what a run would fetch and write.</summary>
        private static async Task<ValorSyncResult> PreviewAsync(ValorClient client, ValorSyncOptions options, ValorSyncResult result, CancellationToken cancellationToken)
        {
            var preview = SyncPreview.Start(result, options.Path, client.Transport);
            SyncStreamState items = preview.State.Stream(SessionsStream);
            string extension = VendorSyncOptions.CsvExtension(options.Format, "Sync-Valor");
            foreach (string? athleteId in Scopes(options))
            {
                string token = ValorListingState.StartToken;
                var seen = new HashSet<string>(StringComparer.Ordinal) { token };
                while (true)
                {
                    ValorSessionPage page = await client.GetSessionPageAsync(athleteId, options.PageSize, token, cancellationToken).ConfigureAwait(false);
                    foreach (ValorSession session in page.Sessions)
                    {
                        if (string.IsNullOrEmpty(session.SessionId)) continue;
                        (bool report, bool ik) = Needs(items, session.SessionId, options.IncludeIKData);
                        if (!report && !ik)
                        {
                            result.Unchanged++;
                            continue;
                        }
                        if (items.Version(session.SessionId) == null) result.New++; else result.Changed++;
                        await options.ConfirmAsync(Target(session), Action(session, report, ik, extension)).ConfigureAwait(false);
                    }
                    if (!client.ContinueWith(page.NextToken, seen, "sessions")) break;
                    token = page.NextToken!;
                }
            }
            return preview.Complete(result);
        }

        private sealed class Job
        {
            private readonly ValorClient _client;
            private readonly ValorSyncOptions _options;
            private readonly SyncRun _run;
            private readonly string _extension;
            private readonly KeyedCsvTable _athletes;
            private readonly KeyedCsvTable _sessions;
            private readonly KeyedCsvTable _reports;
            private readonly SyncStreamState _items;
            private readonly ValorSyncResult _result;
            private long _listed;

            public Job(ValorClient client, ValorSyncOptions options, SyncRun run, string extension)
            {
                _client = client;
                _options = options;
                _run = run;
                _extension = extension;
                _result = (ValorSyncResult)run.Result;
                _athletes = run.Committer.Table(ValorDataset.AthletesTable + ".csv", WithDeletedAt(ValorDataset.AthleteColumns), ValorDataset.AthleteKey);
                _sessions = run.Committer.Table(ValorDataset.SessionsTable + ".csv", WithDeletedAt(ValorDataset.SessionColumns), ValorDataset.SessionKey);
                _reports = run.Committer.Table(ValorDataset.ReportsTable + ".csv", ValorDataset.ReportColumns, ValorDataset.ReportKey);
                _items = run.State.Stream(SessionsStream);
            }

            private IRequestLog Log => _client.Transport.Log;

            private static string[] WithDeletedAt(string[] columns) => columns.Concat(new[] { KeyedCsvTable.DeletedAtColumn }).ToArray();

            /// <summary>athletes.csv: every athlete listed; athletes no longer listed are marked deleted (not when the listing came back empty).</summary>
            public async Task AthletesAsync(CancellationToken cancellationToken)
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
                catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
                {
                    // The athletes endpoint is known from client code, not from Valor's documentation: its failure must not stop the sessions.
                    if (ex is SportsDataException failure && (failure.Kind == FailureKind.PermissionDenied || failure.Kind == FailureKind.NotFound))
                    {
                        // API Gateway answers 403 "Missing Authentication Token" for a resource it does not have: not an error to report every night.
                        Log.Warning("Valor: the athletes endpoint is not available to this account (" + failure.Message + "); athletes.csv is not updated. Sessions are synced as usual.");
                        return;
                    }
                    _run.CountError();
                    _options.ReportError?.Invoke(ex, "athletes");
                    return;
                }
                if (listed.Count == 0) return;
                DateTime now = DateTime.UtcNow;
                int idColumn = _athletes.IndexOf("athlete_id");
                foreach (string id in _athletes.Rows.Select(r => r[idColumn]!).Where(id => !listed.Contains(id)).ToList())
                {
                    _athletes.MarkDeleted("athlete_id", id, now);
                }
            }

            /// <summary>
            /// One walk of the session listing of <paramref name="athleteId"/> (null: everyone), continuing a walk an
            /// earlier run left unfinished, and then walking once more from the start.
            /// </summary>
            public async Task WalkAsync(string? athleteId, CancellationToken cancellationToken)
            {
                SyncStreamState listing = _run.State.Stream(ListingStream(athleteId));
                string? resumeFrom = listing.Get(ContinuationValue);
                if (resumeFrom != null)
                {
                    Log.Verbose($"Valor: continuing the session listing of {Who(athleteId)} where an earlier run stopped (continuation token {resumeFrom}).");
                    bool completed = await WalkFromAsync(athleteId, listing, resumeFrom, cancellationToken).ConfigureAwait(false);
                    if (!completed) Log.Verbose($"Valor: the stored continuation token of {Who(athleteId)} is no longer valid; listing from the start.");
                }
                await WalkFromAsync(athleteId, listing, null, cancellationToken).ConfigureAwait(false);
            }

            /// <summary>Walks to the end of the listing. Returns false when Valor refused a resumed token (400) before anything was listed.</summary>
            private async Task<bool> WalkFromAsync(string? athleteId, SyncStreamState listing, string? resumeFrom, CancellationToken cancellationToken)
            {
                string token = resumeFrom ?? ValorListingState.StartToken;
                var tokens = new HashSet<string>(StringComparer.Ordinal) { token };
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (int pageNumber = 1; ; pageNumber++)
                {
                    ValorSessionPage page;
                    try
                    {
                        page = await _client.GetSessionPageAsync(athleteId, _options.PageSize, token, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ApiException ex) when (resumeFrom != null && pageNumber == 1 && ex.StatusCode == HttpStatusCode.BadRequest)
                    {
                        listing.Set(ContinuationValue, null);
                        return false;
                    }
                    string? next = _client.ContinueWith(page.NextToken, tokens, "sessions") ? page.NextToken : null;
                    Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Valor: sessions of {0}, page {1}: {2} session(s){3}.",
                        Who(athleteId), pageNumber, page.Sessions.Count, page.NotFound ? " (404: none)" : next == null ? ", last page" : string.Empty));
                    foreach (ValorSession session in page.Sessions)
                    {
                        if (string.IsNullOrEmpty(session.SessionId) || !seen.Add(session.SessionId)) continue;
                        await SessionAsync(session, cancellationToken).ConfigureAwait(false);
                    }
                    // Every session of this page is stored (or recorded as failed): the walk may continue after it.
                    listing.Set(ContinuationValue, next);
                    if (next == null) break;
                    token = next;
                }
                if (resumeFrom == null) MarkDeleted(athleteId, seen);
                return true;
            }

            private async Task SessionAsync(ValorSession session, CancellationToken cancellationToken)
            {
                string id = session.SessionId;
                _sessions.Upsert(WithoutDeletion(ValorDataset.SessionRow(session)));
                (bool needReport, bool needIK) = Needs(_items, id, _options.IncludeIKData);
                _listed++;
                Log.Progress(Activity, string.Format(CultureInfo.InvariantCulture, "{0} sessions listed, {1} fetched, {2:N0} IK rows", _listed, _result.New + _result.Changed, _result.Rows), _listed, null);
                if (!needReport && !needIK)
                {
                    _result.Unchanged++;
                    return;
                }
                if (!await _options.ConfirmAsync(Target(session), Action(session, needReport, needIK, _extension)).ConfigureAwait(false)) return;
                bool isNew = _items.Version(id) == null;
                try
                {
                    if (string.IsNullOrWhiteSpace(session.S3Key))
                    {
                        Log.Warning($"Valor: session {id} has no s3Key, so it has no report or IK data to fetch; only its listing row is stored.");
                    }
                    else
                    {
                        if (needIK) await WriteIKAsync(session, cancellationToken).ConfigureAwait(false);
                        if (needReport)
                        {
                            IReadOnlyList<ValorReportMetric> metrics = await _client.GetReportAsync(session.S3Key!, id, session.AthleteId, cancellationToken).ConfigureAwait(false);
                            _reports.ReplaceWhere("session_id", id, ValorDataset.ReportRows(metrics));
                        }
                    }
                    _items.SetVersion(id, _options.IncludeIKData ? ReportAndIKVersion : (_items.Version(id) == ReportAndIKVersion ? ReportAndIKVersion : ReportVersion));
                    if (isNew) _result.New++; else _result.Changed++;
                }
                catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    _items.MarkFailed(id);
                    _result.Failed++;
                    _run.CountError();
                    _options.ReportError?.Invoke(ex, id);
                }
                _run.Committer.ItemCompleted();
            }

            private async Task WriteIKAsync(ValorSession session, CancellationToken cancellationToken)
            {
                // One session's response is held while its rows stream into the file.
                using ValorEnvelope envelope = await _client.GetIKEnvelopeAsync(session.S3Key!, cancellationToken).ConfigureAwait(false);
                long rows = 0;
                IEnumerable<IReadOnlyList<string?>> frames = ValorMapper.IKFrames(envelope.Body, session.S3Key!, session.SessionId, session.AthleteId, null).Select(ValorDataset.IKRow);
                await _run.Committer.WriteFileAsync(ValorDataset.IKFile(session.AthleteId, session.SessionId, _extension), (stream, ct) =>
                {
                    rows = DatasetCsv.Write(stream, ValorDataset.IKColumns, frames, DatasetCsv.IsCompressed(_extension));
                    return Task.CompletedTask;
                }, cancellationToken).ConfigureAwait(false);
                _result.Rows += rows;
            }

            /// <summary>Sessions stored for this scope that a complete walk did not list: kept, marked deleted_at.</summary>
            private void MarkDeleted(string? athleteId, HashSet<string> listed)
            {
                int idColumn = _sessions.IndexOf("session_id");
                int athleteColumn = _sessions.IndexOf("athlete_id");
                int deletedColumn = _sessions.IndexOf(KeyedCsvTable.DeletedAtColumn);
                var gone = _sessions.Rows
                    .Where(r => r[deletedColumn] == null && !listed.Contains(r[idColumn]!) && (athleteId == null || r[athleteColumn] == athleteId))
                    .Select(r => r[idColumn]!)
                    .ToList();
                DateTime now = DateTime.UtcNow;
                foreach (string id in gone)
                {
                    _result.Deleted += _sessions.MarkDeleted("session_id", id, now);
                    Log.Verbose($"Valor: session {id} is no longer listed; kept in sessions.csv and marked deleted_at.");
                }
            }

            /// <summary>A listed row: deleted_at empty (a session listed again is no longer deleted).</summary>
            private static string?[] WithoutDeletion(string?[] row) => row.Concat(new string?[] { null }).ToArray();
        }
    }
}
