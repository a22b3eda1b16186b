using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Export;
using SportsData.Http;
using SportsData.Polar;
using T = SportsData.Sync.Polar.PolarDatasetTables;

namespace SportsData.Sync.Polar
{
    /// <summary>
    /// Sync-PolarTeamPro's engine: keeps a folder dataset of Polar Team Pro up to date, exactly once at rest.
    /// Each run lists teams, rosters and every team's sessions (100 a page), compares each session's
    /// <c>modified</c> with the state, and fetches details, player sessions (one request each: details row and
    /// sample file from the same body) and summaries only for sessions that are new, changed or failed last time.
    /// Sessions gone from the listing are kept and marked <c>deleted_at</c>. Writes follow
    /// <see cref="SyncCommitter"/>: data files, then tables, then state.
    /// </summary>
    public sealed class PolarSync
    {
        public const string Activity = "Sync-PolarTeamPro";
        private const string NewestStartValue = "newest_start";
        private readonly PolarClient _client;

        public PolarSync(PolarClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        private static IRequestLog Log => RequestLog.Current;

        /// <summary>Runs one sync and returns its result. Failed items go to <see cref="PolarSyncOptions.ReportError"/>.</summary>
        public async Task<PolarSyncResult> RunAsync(PolarSyncOptions options, CancellationToken cancellationToken)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (options.Lookback != null && options.Lookback.Value <= TimeSpan.Zero)
            {
                throw SportsDataException.InvalidArgument("Lookback", $"-Lookback {options.Lookback} must be a positive time span, e.g. (New-TimeSpan -Days 30).");
            }
            var result = new PolarSyncResult { WhatIf = options.WhatIf, StartTime = DateTime.UtcNow, Account = options.Account };
            if (options.WhatIf)
            {
                var preview = SyncPreview.Start(result, options.Path, _client.Transport);
                await new Run(this, options, result, preview.Folder, preview.State, null).ExecuteAsync(cancellationToken).ConfigureAwait(false);
                return preview.Complete(result);
            }

            using SyncRun syncRun = SyncRun.Start(options.Path, result, _client.Transport, options.Checkpoint);
            syncRun.Committer.BeforeWrite = options.BeforeWrite;
            var run = new Run(this, options, result, syncRun.DatasetFolder, syncRun.State, syncRun);
            await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            syncRun.Complete();
            return result;
        }

        /// <summary>Relative path of a player session's data file: &lt;root&gt;/&lt;team_id&gt;/&lt;yyyy-MM-dd&gt;/&lt;player_session_id&gt;&lt;extension&gt;.</summary>
        internal static string DataFilePath(string root, string teamId, string? localStart, string playerSessionId, string extension)
        {
            string day = localStart != null && localStart.Length >= 10 ? localStart.Substring(0, 10) : "undated";
            return root + "/" + SafeName(teamId) + "/" + day + "/" + SafeName(playerSessionId) + extension;
        }

        private static string SafeName(string id)
        {
            char[] invalid = System.IO.Path.GetInvalidFileNameChars();
            var chars = id.Select(c => Array.IndexOf(invalid, c) >= 0 || c == '/' || c == '\\' ? '_' : c).ToArray();
            string name = new string(chars);
            return name.Trim('.').Length == 0 ? "_" + name : name;
        }

        /// <summary>One run's working set: tables, state streams, counters.</summary>
        private sealed class Run
        {
            private readonly PolarSync _owner;
            private readonly PolarSyncOptions _options;
            private readonly PolarSyncResult _result;
            private readonly string _folder;
            private readonly SyncStateStore _state;
            private readonly SyncRun? _syncRun;
            private readonly KeyedCsvTable _teams, _players, _teamSessions, _participants, _markers, _playerSessions, _sessionSummaries, _phaseSummaries;
            private readonly HashSet<string> _fetched = new HashSet<string>(StringComparer.Ordinal);
            private readonly PolarSampleType _requestTypes;
            private readonly Stopwatch _clock = Stopwatch.StartNew();
            private int _done;
            private int _total;

            public Run(PolarSync owner, PolarSyncOptions options, PolarSyncResult result, string folder, SyncStateStore state, SyncRun? syncRun)
            {
                _owner = owner;
                _options = options;
                _result = result;
                _folder = folder;
                _state = state;
                _syncRun = syncRun;
                _teams = Table("teams.csv", T.TeamColumns, T.TeamKey);
                _players = Table("players.csv", T.PlayerColumns, T.PlayerKey);
                _teamSessions = Table("team_sessions.csv", T.TeamSessionColumns, T.TeamSessionKey);
                _participants = Table("participants.csv", T.ParticipantColumns, T.ParticipantKey);
                _markers = Table("markers.csv", T.MarkerColumns, T.MarkerKey);
                _playerSessions = Table("player_sessions.csv", T.PlayerSessionColumns, T.PlayerSessionKey);
                _sessionSummaries = Table("session_summaries.csv", T.SessionSummaryColumns, T.SessionSummaryKey);
                _phaseSummaries = Table("phase_summaries.csv", T.PhaseSummaryColumns, T.PhaseSummaryKey);
                _requestTypes = options.SampleTypes | (options.IncludeRRIntervals ? PolarSampleType.RR : PolarSampleType.None);
            }

            private PolarClient Client => _owner._client;

            private KeyedCsvTable Table(string name, string[] columns, string[] key) =>
                _syncRun != null ? _syncRun.Committer.Table(name, columns, key) : KeyedCsvTable.Load(System.IO.Path.Combine(_folder, name), columns, key);

            public async Task ExecuteAsync(CancellationToken cancellationToken)
            {
                var work = new List<WorkItem>();
                List<PolarTeamDetails> teams = await ListTeamsAsync(cancellationToken).ConfigureAwait(false);
                _result.Teams = teams.Count;
                foreach (PolarTeamDetails team in teams)
                {
                    await ListTeamSessionsAsync(team, work, cancellationToken).ConfigureAwait(false);
                }
                if (_options.IncludeIndividualSessions)
                {
                    var seenPlayers = new HashSet<string>(StringComparer.Ordinal);
                    foreach (PolarTeamDetails team in teams)
                    {
                        foreach (PolarTeamPlayer player in team.Players.Where(p => seenPlayers.Add(p.PlayerId)))
                        {
                            await ListIndividualSessionsAsync(team, player, work, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                _total = work.Count;
                Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Polar sync: {0} session(s) to fetch, {1} unchanged, {2} marked deleted.", _total, _result.Unchanged, _result.Deleted));
                ReportProgress();
                foreach (WorkItem item in work)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (item.TeamSession != null) await SyncTeamSessionAsync(item, cancellationToken).ConfigureAwait(false);
                    else await SyncIndividualSessionAsync(item, cancellationToken).ConfigureAwait(false);
                    _done++;
                    ReportProgress();
                }
            }

            private async Task<List<PolarTeamDetails>> ListTeamsAsync(CancellationToken cancellationToken)
            {
                var listed = new List<PolarTeam>();
                await foreach (PolarTeam team in Client.GetTeamsAsync(new PagingOptions(PolarClient.MaxPageSize), cancellationToken).ConfigureAwait(false)) listed.Add(team);
                if (_options.TeamIds != null && _options.TeamIds.Count > 0)
                {
                    foreach (string missing in _options.TeamIds.Where(id => listed.All(t => t.TeamId != id)))
                    {
                        Report(SportsDataException.InvalidArgument("TeamId", $"-TeamId '{missing}' is not one of the teams this Polar account sees. Get-PolarTeam lists them."), missing);
                    }
                    listed = listed.Where(t => _options.TeamIds.Contains(t.TeamId)).ToList();
                }
                var teams = new List<PolarTeamDetails>();
                foreach (PolarTeam team in listed.OrderBy(t => t.TeamId, StringComparer.Ordinal))
                {
                    PolarTeamDetails details = await Client.GetTeamAsync(team.TeamId, cancellationToken).ConfigureAwait(false);
                    if (string.IsNullOrEmpty(details.TeamId)) details.TeamId = team.TeamId;
                    _teams.Upsert(T.Team(details));
                    _players.ReplaceWhere("team_id", details.TeamId, details.Players.Select(p => { p.TeamId = details.TeamId; return T.Player(p); }));
                    teams.Add(details);
                }
                return teams;
            }

            /// <summary>
            /// An item's stored version: its <c>modified</c> time (or a hash of its listing fields when Polar sends none)
            /// plus what was written for it (sample types, format, RR). Changing -SampleType, -Format or
            /// -IncludeRRIntervals therefore fetches every session again, so all files of the dataset match.
            /// </summary>
            private string Version(DateTime? modified, params object?[] listingFields)
            {
                string what = DatasetCsv.UtcTime(modified) ?? SyncStreamState.ContentVersion(string.Join("|", listingFields));
                return what + "|" + _options.SampleTypes.ToString().Replace(", ", "+") + "|" + _options.Format + (_options.IncludeRRIntervals ? "|rr" : string.Empty);
            }

            private DateTime? WindowStart(SyncStreamState stream)
            {
                DateTime? since = _options.Since == null ? (DateTime?)null : WallClock(_options.Since.Value);
                if (_options.Lookback != null && ParseLocal(stream.Get(NewestStartValue)) is DateTime newest)
                {
                    DateTime start = newest - _options.Lookback.Value;
                    if (since == null || start > since) since = start;
                }
                return since;
            }

            private async Task ListTeamSessionsAsync(PolarTeamDetails team, List<WorkItem> work, CancellationToken cancellationToken)
            {
                SyncStreamState stream = _state.Stream("polar/team/" + team.TeamId + "/sessions");
                DateTime? since = WindowStart(stream);
                var listed = new HashSet<string>(StringComparer.Ordinal);
                int before = work.Count, unchanged = 0;
                try
                {
                    await foreach (PolarTeamSession session in Client.GetTeamSessionsAsync(team.TeamId, since, null, new PagingOptions(PolarClient.MaxPageSize), cancellationToken).ConfigureAwait(false))
                    {
                        if (!listed.Add(session.TeamSessionId)) continue; // a session moved between pages while listing
                        string version = Version(session.Modified, session.TeamSessionId, session.Name, session.StartTime, session.EndTime, session.Note);
                        SyncItemStatus status = stream.Classify(session.TeamSessionId, version);
                        IReadOnlyList<string?>? stored = _teamSessions.Find(session.TeamSessionId);
                        if (status == SyncItemStatus.Unchanged && stored != null && _teamSessions.Value(stored, KeyedCsvTable.DeletedAtColumn) != null) status = SyncItemStatus.Changed;
                        if (status == SyncItemStatus.Unchanged && stored == null) status = SyncItemStatus.New; // state without its rows: fetch again
                        if (status == SyncItemStatus.Unchanged)
                        {
                            unchanged++;
                            continue;
                        }
                        work.Add(new WorkItem(team.TeamId, stream, session.TeamSessionId, version, status, session, null, DescribeTeamSession(session)));
                    }
                }
                catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
                {
                    Report(ex, team.TeamId);
                    _result.Failed++;
                    return; // no deletion marks from an incomplete listing
                }
                _result.Unchanged += unchanged;
                int deleted = 0;
                foreach (string key in stream.Items.Keys.Where(k => !listed.Contains(k)).ToList())
                {
                    IReadOnlyList<string?>? row = _teamSessions.Find(key);
                    if (row == null || !InWindow(ParseLocal(_teamSessions.Value(row, "record_start_time")), since)) continue;
                    if (_teamSessions.MarkDeleted("team_session_id", key, _result.StartTime) > 0)
                    {
                        _playerSessions.MarkDeleted("team_session_id", key, _result.StartTime);
                        deleted++;
                    }
                }
                _result.Deleted += deleted;
                Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Polar sync: team {0}: {1} session(s) listed, {2} to fetch, {3} unchanged, {4} newly marked deleted.",
                    team.Name ?? team.TeamId, listed.Count, work.Count - before, unchanged, deleted));
            }

            private async Task ListIndividualSessionsAsync(PolarTeamDetails team, PolarTeamPlayer player, List<WorkItem> work, CancellationToken cancellationToken)
            {
                SyncStreamState stream = _state.Stream("polar/player/" + player.PlayerId + "/individual");
                DateTime? since = WindowStart(stream);
                var listed = new HashSet<string>(StringComparer.Ordinal);
                int unchanged = 0;
                try
                {
                    await foreach (PolarPlayerSession session in Client.GetPlayerSessionsAsync(player.PlayerId, since, null, "INDIVIDUAL", new PagingOptions(PolarClient.MaxPageSize), cancellationToken).ConfigureAwait(false))
                    {
                        if (!listed.Add(session.PlayerSessionId)) continue;
                        string version = Version(session.Modified, session.PlayerSessionId, session.Name, session.StartTime, session.Duration, session.Note);
                        SyncItemStatus status = stream.Classify(session.PlayerSessionId, version);
                        IReadOnlyList<string?>? stored = _playerSessions.Find(session.PlayerSessionId);
                        if (status == SyncItemStatus.Unchanged && (stored == null || _playerSessions.Value(stored, KeyedCsvTable.DeletedAtColumn) != null)) status = stored == null ? SyncItemStatus.New : SyncItemStatus.Changed;
                        if (status == SyncItemStatus.Unchanged)
                        {
                            unchanged++;
                            continue;
                        }
                        string what = string.Format(CultureInfo.InvariantCulture, "individual session {0} of player {1} ({2:yyyy-MM-dd HH:mm})", session.PlayerSessionId, player.PlayerId, session.StartTime);
                        work.Add(new WorkItem(team.TeamId, stream, session.PlayerSessionId, version, status, null, session, what));
                    }
                }
                catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
                {
                    Report(ex, player.PlayerId);
                    _result.Failed++;
                    return;
                }
                _result.Unchanged += unchanged;
                foreach (string key in stream.Items.Keys.Where(k => !listed.Contains(k)).ToList())
                {
                    IReadOnlyList<string?>? row = _playerSessions.Find(key);
                    if (row == null || !InWindow(ParseLocal(_playerSessions.Value(row, "start_time")), since)) continue;
                    if (_playerSessions.MarkDeleted("player_session_id", key, _result.StartTime) > 0) _result.Deleted++;
                }
            }

            /// <summary>Asks before fetching an item. Under -WhatIf the item counts as what it would be, and nothing happens.</summary>
            private async Task<bool> ShouldProcessAsync(WorkItem item)
            {
                bool go = await _options.ConfirmAsync(item.Description, $"Fetch ({item.Status.ToString().ToLowerInvariant()}) and write into the dataset {_folder}").ConfigureAwait(false);
                if (_options.WhatIf)
                {
                    Count(item.Status);
                    return false;
                }
                return go;
            }

            private async Task SyncTeamSessionAsync(WorkItem item, CancellationToken cancellationToken)
            {
                if (!await ShouldProcessAsync(item).ConfigureAwait(false)) return;
                SyncCommitter committer = _syncRun!.Committer;

                PolarTeamSessionDetails details;
                try
                {
                    details = await Client.GetTeamSessionAsync(item.Key, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
                {
                    Fail(item, ex, item.Key);
                    return;
                }
                foreach (PolarParticipant participant in details.Participants) participant.TeamId = item.TeamId;

                var current = new HashSet<string>(details.Participants.Select(p => p.PlayerSessionId).Where(id => !string.IsNullOrEmpty(id)), StringComparer.Ordinal);
                // Player sessions are fetched ThrottleLimit at a time (the connection's rate limiter still paces the
                // requests); the tables are updated afterwards, in one place, in a fixed order.
                List<PolarParticipant> targets = details.Participants
                    .Where(p => !string.IsNullOrEmpty(p.PlayerSessionId) && _fetched.Add(p.PlayerSessionId)).ToList();
                var outputs = new PlayerSessionOutput?[targets.Count];
                int failures = 0;
                using (var gate = new SemaphoreSlim(Math.Max(1, _options.ThrottleLimit)))
                {
                    await Task.WhenAll(targets.Select(async (participant, index) =>
                    {
                        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                        try
                        {
                            outputs[index] = await FetchPlayerSessionAsync(participant.PlayerSessionId, participant.PlayerId, item.Key, item.TeamId, summaries: true, cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
                        {
                            Report(ex, participant.PlayerSessionId);
                            Interlocked.Increment(ref failures);
                        }
                        finally
                        {
                            gate.Release();
                        }
                    })).ConfigureAwait(false);
                }
                bool failed = failures > 0;

                // Tables: the team session's rows replaced as a whole; player sessions that left it removed with their files.
                _teamSessions.Upsert(T.TeamSession(details, item.TeamId));
                _participants.ReplaceWhere("team_session_id", item.Key, details.Participants.Select(T.Participant));
                _markers.ReplaceWhere("team_session_id", item.Key, details.Markers.Select((m, i) => { m.TeamSessionId = item.Key; return T.Marker(m, i); }));
                foreach (PlayerSessionOutput? output in outputs) if (output != null) StorePlayerSession(output);
                foreach (IReadOnlyList<string?> gone in _playerSessions.Where("team_session_id", item.Key).Where(r => !current.Contains(r[0]!)).ToList())
                {
                    RemovePlayerSession(gone);
                }

                if (failed)
                {
                    item.Stream.MarkFailed(item.Key);
                    _result.Failed++;
                    _syncRun.CountError();
                }
                else
                {
                    item.Stream.SetVersion(item.Key, item.Version);
                    NoteNewest(item.Stream, DatasetCsv.LocalTime(details.RecordStartTime ?? details.StartTime));
                    Count(item.Status);
                }
                committer.ItemCompleted();
            }

            private async Task SyncIndividualSessionAsync(WorkItem item, CancellationToken cancellationToken)
            {
                if (!await ShouldProcessAsync(item).ConfigureAwait(false)) return;
                if (!_fetched.Add(item.Key)) return;
                PlayerSessionOutput output;
                try
                {
                    output = await FetchPlayerSessionAsync(item.Key, item.PlayerSession!.PlayerId, null, item.TeamId, summaries: false, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
                {
                    Fail(item, ex, item.Key);
                    return;
                }
                StorePlayerSession(output);
                item.Stream.SetVersion(item.Key, item.Version);
                Count(item.Status);
                NoteNewest(item.Stream, DatasetCsv.LocalTime(output.Details.StartTime));
                _syncRun!.Committer.ItemCompleted();
            }

            /// <summary>One request for details and samples (same body), then the summaries; files written once all answered.</summary>
            private async Task<PlayerSessionOutput> FetchPlayerSessionAsync(string playerSessionId, string? playerId, string? teamSessionId, string teamId, bool summaries, CancellationToken cancellationToken)
            {
                byte[] body = await Client.GetPlayerSessionBodyAsync(playerSessionId, _requestTypes, cancellationToken).ConfigureAwait(false);
                PolarPlayerSessionDetails details = PolarClient.PlayerSessionDetailsFromBody(body, playerId);
                details.PlayerSessionId = playerSessionId;
                PolarSessionSummary? summary = null;
                PolarSessionSummary[] phases = Array.Empty<PolarSessionSummary>();
                if (summaries)
                {
                    // The player session itself answered, so a 404 here means it has no summary (or no phases), not a failure.
                    summary = await OrNoneAsync(Client.GetSessionSummaryAsync(playerSessionId, details.PlayerId, teamSessionId, cancellationToken), null).ConfigureAwait(false);
                    phases = (await OrNoneAsync(Client.GetPhaseSummariesAsync(playerSessionId, details.PlayerId, teamSessionId, cancellationToken), null).ConfigureAwait(false))
                        ?? Array.Empty<PolarSessionSummary>();
                }
                lock (_result) _result.PlayerSessions++;

                var output = new PlayerSessionOutput(details, teamSessionId, teamId, summary, phases);
                string? start = DatasetCsv.LocalTime(details.StartTime);
                SyncCommitter committer = _syncRun!.Committer;
                if (_options.SampleTypes != PolarSampleType.None)
                {
                    output.SampleFile = DataFilePath("samples", teamId, start, playerSessionId, PolarSampleFileWriter.FileExtension(_options.Format));
                    long rows = 0;
                    await committer.WriteFileAsync(output.SampleFile, (stream, ct) =>
                    {
                        using var writer = new PolarSampleFileWriter(stream, _options.Format, _options.SampleTypes);
                        rows = writer.WriteSession(body, body.Length, playerSessionId, details.PlayerId, teamSessionId);
                        writer.Complete();
                        return Task.CompletedTask;
                    }, cancellationToken).ConfigureAwait(false);
                    lock (_result) _result.Rows += rows;
                }
                if (_options.IncludeRRIntervals)
                {
                    bool compress = _options.Format == DataFormat.CsvGzip;
                    output.RRFile = DataFilePath("rr", teamId, start, playerSessionId, compress ? ".csv.gz" : ".csv");
                    int?[] intervals = details.RRIntervals ?? Array.Empty<int?>();
                    long rows = 0;
                    await committer.WriteFileAsync(output.RRFile, (stream, ct) =>
                    {
                        rows = DatasetCsv.Write(stream, T.RRColumns, RRRows(intervals, teamSessionId, playerSessionId, details.PlayerId), compress);
                        return Task.CompletedTask;
                    }, cancellationToken).ConfigureAwait(false);
                    lock (_result) _result.Rows += rows;
                }
                return output;
            }

            private static async Task<TValue?> OrNoneAsync<TValue>(Task<TValue> request, TValue? none) where TValue : class
            {
                try
                {
                    return await request.ConfigureAwait(false);
                }
                catch (SportsDataException ex) when (ex.Kind == FailureKind.NotFound)
                {
                    Log.Verbose("Polar sync: " + ex.Message + " (stored without it).");
                    return none;
                }
            }

            private static IEnumerable<IReadOnlyList<string?>> RRRows(int?[] intervals, string? teamSessionId, string playerSessionId, string? playerId)
            {
                long elapsed = 0;
                for (int i = 0; i < intervals.Length; i++)
                {
                    yield return new[] { teamSessionId, playerSessionId, playerId, i.ToString(CultureInfo.InvariantCulture), DatasetCsv.Number(intervals[i]), elapsed.ToString(CultureInfo.InvariantCulture) };
                    elapsed += intervals[i] ?? 0;
                }
            }

            private void StorePlayerSession(PlayerSessionOutput output)
            {
                string id = output.Details.PlayerSessionId;
                IReadOnlyList<string?>? old = _playerSessions.Find(id);
                // Files of the previous version that this one does not have (another day after an edit, another format
                // or sample selection) go, so the dataset equals a clean run.
                var keep = new HashSet<string>(new[] { output.SampleFile, output.RRFile }.Where(f => f != null)!, StringComparer.Ordinal);
                DeleteDataFiles(output.TeamId, DatasetCsv.LocalTime(output.Details.StartTime), id, keep);
                if (old != null) DeleteDataFiles(_playerSessions.Value(old, "team_id") ?? output.TeamId, _playerSessions.Value(old, "start_time"), id, keep);
                _playerSessions.Upsert(T.PlayerSession(output.Details, output.TeamSessionId, output.TeamId));
                if (output.Summary != null) _sessionSummaries.Upsert(T.SessionSummary(output.Summary));
                else _sessionSummaries.Remove(id);
                _phaseSummaries.ReplaceWhere("player_session_id", id, output.Phases.Select((p, i) => T.PhaseSummary(p, i)));
            }

            /// <summary>Deletes a player session's sample and RR files of every format for one day, except <paramref name="keep"/>.</summary>
            private void DeleteDataFiles(string teamId, string? localStart, string playerSessionId, ISet<string> keep)
            {
                foreach (string root in new[] { "samples", "rr" })
                {
                    foreach (DataFormat format in new[] { DataFormat.Csv, DataFormat.CsvGzip, DataFormat.Parquet })
                    {
                        string file = DataFilePath(root, teamId, localStart, playerSessionId, PolarSampleFileWriter.FileExtension(format));
                        if (!keep.Contains(file)) _syncRun!.Committer.DeleteFile(file);
                    }
                }
            }

            private void RemovePlayerSession(IReadOnlyList<string?> row)
            {
                string id = row[0]!;
                DeleteDataFiles(_playerSessions.Value(row, "team_id") ?? string.Empty, _playerSessions.Value(row, "start_time"), id, new HashSet<string>());
                _playerSessions.Remove(id);
                _sessionSummaries.Remove(id);
                _phaseSummaries.ReplaceWhere("player_session_id", id, Array.Empty<IReadOnlyList<string?>>());
            }

            private void Count(SyncItemStatus status)
            {
                if (status == SyncItemStatus.New) _result.New++;
                else _result.Changed++;
            }

            private void Fail(WorkItem item, Exception exception, object target)
            {
                Report(exception, target);
                item.Stream.MarkFailed(item.Key);
                _result.Failed++;
                _syncRun?.CountError();
            }

            private void Report(Exception exception, object? target) => _options.ReportError?.Invoke(exception, target);

            private static void NoteNewest(SyncStreamState stream, string? start)
            {
                if (start == null) return;
                string? newest = stream.Get(NewestStartValue);
                if (newest == null || string.CompareOrdinal(start, newest) > 0) stream.Set(NewestStartValue, start);
            }

            private void ReportProgress()
            {
                if (_total == 0) return;
                string eta = string.Empty;
                if (_done > 0 && _done < _total)
                {
                    TimeSpan left = TimeSpan.FromTicks(_clock.Elapsed.Ticks / _done * (_total - _done));
                    eta = ", about " + (left.TotalHours >= 1 ? left.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : left.ToString(@"m\:ss", CultureInfo.InvariantCulture)) + " left";
                }
                Log.Progress(Activity, string.Format(CultureInfo.InvariantCulture, "{0} of {1} sessions, {2:N0} rows{3}", _done, _total, _result.Rows, eta), _done, _total);
            }

            private static string DescribeTeamSession(PolarTeamSession session) =>
                string.Format(CultureInfo.InvariantCulture, "team session {0} ({1}, {2:yyyy-MM-dd HH:mm})", session.TeamSessionId, session.Name ?? session.Type, session.StartTime ?? session.RecordStartTime);

            private static bool InWindow(DateTime? start, DateTime? since) => since == null || (start != null && start.Value > since.Value);

            private static DateTime WallClock(DateTime value) => value.Kind == DateTimeKind.Utc ? value.ToLocalTime() : value;

            private static DateTime? ParseLocal(string? text) =>
                text != null && DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime value) ? value : (DateTime?)null;
        }

        private sealed class WorkItem
        {
            public WorkItem(string teamId, SyncStreamState stream, string key, string version, SyncItemStatus status, PolarTeamSession? teamSession, PolarPlayerSession? playerSession, string description)
            {
                TeamId = teamId; Stream = stream; Key = key; Version = version; Status = status; TeamSession = teamSession; PlayerSession = playerSession; Description = description;
            }

            public string TeamId { get; }
            public SyncStreamState Stream { get; }
            public string Key { get; }
            public string Version { get; }
            public SyncItemStatus Status { get; }
            public PolarTeamSession? TeamSession { get; }
            public PolarPlayerSession? PlayerSession { get; }
            public string Description { get; }
        }

        private sealed class PlayerSessionOutput
        {
            public PlayerSessionOutput(PolarPlayerSessionDetails details, string? teamSessionId, string teamId, PolarSessionSummary? summary, PolarSessionSummary[] phases)
            {
                Details = details; TeamSessionId = teamSessionId; TeamId = teamId; Summary = summary; Phases = phases;
            }

            public PolarPlayerSessionDetails Details { get; }
            public string? TeamSessionId { get; }
            public string TeamId { get; }
            public PolarSessionSummary? Summary { get; }
            public PolarSessionSummary[] Phases { get; }
            public string? SampleFile { get; set; }
            public string? RRFile { get; set; }
        }
    }
}
