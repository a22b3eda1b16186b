using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Export;
using SportsData.Http;
using SportsData.Polar;
using T = SportsData.Sync.Polar.PolarDatasetTables;

namespace SportsData.Sync.Polar
{
    /// <summary>
    /// Sync-PolarTeamPro: keeps a folder dataset of Polar Team Pro up to date through <see cref="SyncEngine"/>.
    /// Each run lists teams, rosters and every team's sessions (100 a page); the version of a session is its
    /// <c>modified</c>; details, player sessions (one request each: details row and sample file from the same body)
    /// and summaries are fetched only for sessions that are new, changed or failed last time. Sessions gone from the
    /// listing are kept and marked <c>deleted_at</c>. A player session edited on its own keeps its team session's
    /// <c>modified</c>: only the player's own listing shows its new <c>modified</c>, so each run also lists every roster
    /// player with a stored team-session player session in the window (same window, 100 a page) and fetches again those
    /// whose <c>modified</c> differs from the stored row (<see cref="PolarSyncOptions.CheckPlayerEdits"/>).
    /// </summary>
    public sealed class PolarSync
    {
        public const string Activity = "Sync-PolarTeamPro";
        private readonly PolarClient _client;

        public PolarSync(PolarClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        /// <summary>Runs one sync and returns its result. Failed items go to <see cref="VendorSyncOptions.ReportError"/>.</summary>
        public Task<PolarSyncResult> RunAsync(PolarSyncOptions options, CancellationToken cancellationToken)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            return SyncEngine.RunAsync(new PolarSyncAdapter(_client, options), options, _client.Transport, new PolarSyncResult(), cancellationToken);
        }
    }

    /// <summary>Polar's side of the sync contract: listing teams and sessions, versions, fetching sessions, their rows and files.</summary>
    internal sealed class PolarSyncAdapter : ISyncAdapter
    {
        private const string NewestStartValue = "newest_start";
        private const string PlayerEditsStream = "polar/player-edits";
        private readonly PolarClient _client;
        private readonly PolarSyncOptions _options;
        private readonly PolarSampleType _requestTypes;
        private readonly HashSet<string> _fetched = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _teamSessionsInRun = new HashSet<string>(StringComparer.Ordinal); // new or changed in this run
        private KeyedCsvTable _teams = null!, _players = null!, _teamSessions = null!, _participants = null!, _markers = null!, _playerSessions = null!, _sessionSummaries = null!, _phaseSummaries = null!;

        public PolarSyncAdapter(PolarClient client, PolarSyncOptions options)
        {
            if (options.Lookback != null && options.Lookback.Value <= TimeSpan.Zero)
            {
                throw SportsDataException.InvalidArgument("Lookback", $"-Lookback {options.Lookback} must be a positive time span, e.g. (New-TimeSpan -Days 30).");
            }
            _client = client;
            _options = options;
            _requestTypes = options.SampleTypes | (options.IncludeRRIntervals ? PolarSampleType.RR : PolarSampleType.None);
        }

        public string Activity => PolarSync.Activity;

        public string ItemNoun => "sessions";

        /// <summary>Sessions one after the other; the player sessions of one session <see cref="PolarSyncOptions.ThrottleLimit"/> at once.</summary>
        public int Concurrency => 1;

        private static IRequestLog Log => RequestLog.Current;

        public void Open(SyncContext context)
        {
            _teams = context.Table("teams.csv", T.TeamColumns, T.TeamKey);
            _players = context.Table("players.csv", T.PlayerColumns, T.PlayerKey);
            _teamSessions = context.Table("team_sessions.csv", T.TeamSessionColumns, T.TeamSessionKey);
            _participants = context.Table("participants.csv", T.ParticipantColumns, T.ParticipantKey);
            _markers = context.Table("markers.csv", T.MarkerColumns, T.MarkerKey);
            _playerSessions = context.Table("player_sessions.csv", T.PlayerSessionColumns, T.PlayerSessionKey);
            _sessionSummaries = context.Table("session_summaries.csv", T.SessionSummaryColumns, T.SessionSummaryKey);
            _phaseSummaries = context.Table("phase_summaries.csv", T.PhaseSummaryColumns, T.PhaseSummaryKey);
            if (!context.IsPreview) PolarDataFiles.MigrateNames(context, _playerSessions);
        }

        public async IAsyncEnumerable<IReadOnlyList<SyncItem>> ListAsync(SyncContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var work = new List<SyncItem>();
            List<PolarTeamDetails> teams = await ListTeamsAsync(context, cancellationToken).ConfigureAwait(false);
            ((PolarSyncResult)context.Result).Teams = teams.Count;
            foreach (PolarTeamDetails team in teams)
            {
                await ListTeamSessionsAsync(context, team, work, cancellationToken).ConfigureAwait(false);
            }
            if (_options.CheckPlayerEdits)
            {
                context.State.Stream(PlayerEditsStream); // in the state from the first run on, so a run with nothing new leaves it unchanged
                var seenPlayers = new HashSet<string>(StringComparer.Ordinal);
                foreach (PolarTeamDetails team in teams)
                {
                    DateTime? since = WindowStart(context.State.Stream("polar/team/" + team.TeamId + "/sessions"));
                    // Only players with a stored team-session player session in the window can have one edited: a first run lists none.
                    var stored = new HashSet<string>(_playerSessions.Where("team_id", team.TeamId)
                        .Where(r => _playerSessions.Value(r, "team_session_id") != null && _playerSessions.Value(r, KeyedCsvTable.DeletedAtColumn) == null
                            && InWindow(ParseLocal(_playerSessions.Value(r, "start_time")), since))
                        .Select(r => _playerSessions.Value(r, "player_id")).Where(id => id != null)!, StringComparer.Ordinal);
                    foreach (PolarTeamPlayer player in team.Players.Where(p => !string.IsNullOrEmpty(p.PlayerId) && stored.Contains(p.PlayerId) && seenPlayers.Add(p.PlayerId)))
                    {
                        await ListPlayerEditsAsync(context, team, player, since, work, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            if (_options.IncludeIndividualSessions)
            {
                var seenPlayers = new HashSet<string>(StringComparer.Ordinal);
                foreach (PolarTeamDetails team in teams)
                {
                    foreach (PolarTeamPlayer player in team.Players.Where(p => seenPlayers.Add(p.PlayerId)))
                    {
                        await ListIndividualSessionsAsync(context, team, player, work, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            yield return work;
        }

        /// <summary>A session whose state says stored but whose row is missing or marked deleted is fetched again.</summary>
        public SyncItemStatus Classify(SyncItem item, SyncItemStatus byState, SyncContext context)
        {
            if (item.Listing is EditedPlayerSession edited) return ClassifyPlayerEdit(item, edited);
            SyncItemStatus status = ClassifySession(item, byState);
            if (status != SyncItemStatus.Unchanged && ((Listed)item.Listing!).TeamSession != null) _teamSessionsInRun.Add(item.Key);
            return status;
        }

        private SyncItemStatus ClassifySession(SyncItem item, SyncItemStatus byState)
        {
            if (byState != SyncItemStatus.Unchanged) return byState;
            KeyedCsvTable table = ((Listed)item.Listing!).TeamSession != null ? _teamSessions : _playerSessions;
            IReadOnlyList<string?>? stored = table.Find(item.Key);
            if (stored == null) return SyncItemStatus.New;
            return table.Value(stored, KeyedCsvTable.DeletedAtColumn) != null ? SyncItemStatus.Changed : SyncItemStatus.Unchanged;
        }

        public async Task<object?> FetchAsync(SyncItem item, SyncContext context, CancellationToken cancellationToken)
        {
            if (item.Listing is EditedPlayerSession edited)
            {
                lock (_fetched) if (!_fetched.Add(item.Key)) return null; // its team session was fetched again in this run
                return await FetchPlayerSessionAsync(context, item.Key, edited.Session.PlayerId, edited.TeamSessionId, edited.TeamId!, summaries: true, cancellationToken).ConfigureAwait(false);
            }
            var listing = (Listed)item.Listing!;
            if (listing.TeamSession == null)
            {
                lock (_fetched) if (!_fetched.Add(item.Key)) return null; // already stored as part of a team session
                return await FetchPlayerSessionAsync(context, item.Key, listing.PlayerSession!.PlayerId, null, listing.TeamId, summaries: false, cancellationToken).ConfigureAwait(false);
            }

            PolarTeamSessionDetails details = await _client.GetTeamSessionAsync(item.Key, cancellationToken).ConfigureAwait(false);
            foreach (PolarParticipant participant in details.Participants) participant.TeamId = listing.TeamId;
            List<PolarParticipant> targets;
            lock (_fetched) targets = details.Participants.Where(p => !string.IsNullOrEmpty(p.PlayerSessionId) && _fetched.Add(p.PlayerSessionId)).ToList();
            var outputs = new PlayerSessionOutput?[targets.Count];
            int failures = 0;
            await SyncContext.ForEachAsync(targets, _options.ThrottleLimit, async (participant, index) =>
            {
                try
                {
                    outputs[index] = await FetchPlayerSessionAsync(context, participant.PlayerSessionId, participant.PlayerId, item.Key, listing.TeamId, summaries: true, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
                {
                    context.Report(ex, participant.PlayerSessionId);
                    Interlocked.Increment(ref failures);
                }
            }, cancellationToken).ConfigureAwait(false);
            return new TeamSessionOutput(details, outputs, failures > 0);
        }

        public bool Store(SyncItem item, object? fetched, SyncContext context)
        {
            if (item.Listing is EditedPlayerSession)
            {
                if (fetched is PlayerSessionOutput edited) StorePlayerSession(context, edited);
                return true;
            }
            var listing = (Listed)item.Listing!;
            if (fetched is PlayerSessionOutput individual)
            {
                StorePlayerSession(context, individual);
                NoteNewest(item.Stream, DatasetCsv.LocalTime(individual.Details.StartTime));
                return true;
            }
            if (!(fetched is TeamSessionOutput output)) return true;

            // The team session's rows replaced as a whole; player sessions that left it removed with their files.
            PolarTeamSessionDetails details = output.Details;
            var current = new HashSet<string>(details.Participants.Select(p => p.PlayerSessionId).Where(id => !string.IsNullOrEmpty(id)), StringComparer.Ordinal);
            _teamSessions.Upsert(T.TeamSession(details, listing.TeamId));
            _participants.ReplaceWhere("team_session_id", item.Key, details.Participants.Select(T.Participant));
            _markers.ReplaceWhere("team_session_id", item.Key, details.Markers.Select((m, i) => { m.TeamSessionId = item.Key; return T.Marker(m, i); }));
            foreach (PlayerSessionOutput? player in output.PlayerSessions) if (player != null) StorePlayerSession(context, player);
            foreach (IReadOnlyList<string?> gone in _playerSessions.Where("team_session_id", item.Key).Where(r => !current.Contains(r[0]!)).ToList())
            {
                RemovePlayerSession(context, gone);
            }
            if (output.Failed) return false;
            NoteNewest(item.Stream, DatasetCsv.LocalTime(details.RecordStartTime ?? details.StartTime));
            return true;
        }

        public void Close(SyncContext context)
        {
        }

        private async Task<List<PolarTeamDetails>> ListTeamsAsync(SyncContext context, CancellationToken cancellationToken)
        {
            var listed = new List<PolarTeam>();
            await foreach (PolarTeam team in _client.GetTeamsAsync(new PagingOptions(PolarClient.MaxPageSize), cancellationToken).ConfigureAwait(false)) listed.Add(team);
            if (_options.TeamIds != null && _options.TeamIds.Count > 0)
            {
                foreach (string missing in _options.TeamIds.Where(id => listed.All(t => t.TeamId != id)))
                {
                    context.Report(SportsDataException.InvalidArgument("TeamId", $"-TeamId '{missing}' is not one of the teams this Polar account sees. Get-PolarTeam lists them."), missing);
                }
                listed = listed.Where(t => _options.TeamIds.Contains(t.TeamId)).ToList();
            }
            var teams = new List<PolarTeamDetails>();
            foreach (PolarTeam team in listed.OrderBy(t => t.TeamId, StringComparer.Ordinal))
            {
                PolarTeamDetails details = await _client.GetTeamAsync(team.TeamId, cancellationToken).ConfigureAwait(false);
                if (string.IsNullOrEmpty(details.TeamId)) details.TeamId = team.TeamId;
                _teams.Upsert(T.Team(details));
                _players.ReplaceWhere("team_id", details.TeamId, details.Players.Select(p => { p.TeamId = details.TeamId; return T.Player(p); }));
                teams.Add(details);
            }
            return teams;
        }

        /// <summary>
        /// An item's version: its <c>modified</c> time (or a hash of its listing fields when Polar sends none) plus what
        /// was written for it (sample types, format, RR). Changing -SampleType, -Format or -IncludeRRIntervals therefore
        /// fetches every session again, so all files of the dataset match.
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

        private async Task ListTeamSessionsAsync(SyncContext context, PolarTeamDetails team, List<SyncItem> work, CancellationToken cancellationToken)
        {
            SyncStreamState stream = context.State.Stream("polar/team/" + team.TeamId + "/sessions");
            DateTime? since = WindowStart(stream);
            var listed = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                await foreach (PolarTeamSession session in _client.GetTeamSessionsAsync(team.TeamId, since, null, new PagingOptions(PolarClient.MaxPageSize), cancellationToken).ConfigureAwait(false))
                {
                    if (!listed.Add(session.TeamSessionId)) continue; // a session moved between pages while listing
                    string version = Version(session.Modified, session.TeamSessionId, session.Name, session.StartTime, session.EndTime, session.Note);
                    string target = string.Format(CultureInfo.InvariantCulture, "team session {0} ({1}, {2:yyyy-MM-dd HH:mm})", session.TeamSessionId, session.Name ?? session.Type, session.StartTime ?? session.RecordStartTime);
                    work.Add(new SyncItem(stream, session.TeamSessionId, version, target, new Listed(team.TeamId, session, null)));
                }
            }
            catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
            {
                context.ListingFailed(ex, team.TeamId);
                return; // no deletion marks from an incomplete listing
            }
            int deleted = 0;
            foreach (string key in stream.Items.Keys.Where(k => !listed.Contains(k)).ToList())
            {
                IReadOnlyList<string?>? row = _teamSessions.Find(key);
                if (row == null || !InWindow(ParseLocal(_teamSessions.Value(row, "record_start_time")), since)) continue;
                if (context.MarkDeleted(_teamSessions, "team_session_id", key) > 0)
                {
                    context.MarkDeleted(_playerSessions, "team_session_id", key, counts: false);
                    deleted++;
                }
            }
            Log.Verbose(string.Format(CultureInfo.InvariantCulture, "Polar sync: team {0}: {1} session(s) listed, {2} newly marked deleted.", team.Name ?? team.TeamId, listed.Count, deleted));
        }

        private async Task ListIndividualSessionsAsync(SyncContext context, PolarTeamDetails team, PolarTeamPlayer player, List<SyncItem> work, CancellationToken cancellationToken)
        {
            SyncStreamState stream = context.State.Stream("polar/player/" + player.PlayerId + "/individual");
            DateTime? since = WindowStart(stream);
            var listed = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                await foreach (PolarPlayerSession session in _client.GetPlayerSessionsAsync(player.PlayerId, since, null, "INDIVIDUAL", new PagingOptions(PolarClient.MaxPageSize), cancellationToken).ConfigureAwait(false))
                {
                    if (!listed.Add(session.PlayerSessionId)) continue;
                    string version = Version(session.Modified, session.PlayerSessionId, session.Name, session.StartTime, session.Duration, session.Note);
                    string target = string.Format(CultureInfo.InvariantCulture, "individual session {0} of player {1} ({2:yyyy-MM-dd HH:mm})", session.PlayerSessionId, player.PlayerId, session.StartTime);
                    work.Add(new SyncItem(stream, session.PlayerSessionId, version, target, new Listed(team.TeamId, null, session)));
                }
            }
            catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
            {
                context.ListingFailed(ex, player.PlayerId);
                return;
            }
            foreach (string key in stream.Items.Keys.Where(k => !listed.Contains(k)).ToList())
            {
                IReadOnlyList<string?>? row = _playerSessions.Find(key);
                if (row == null || !InWindow(ParseLocal(_playerSessions.Value(row, "start_time")), since)) continue;
                context.MarkDeleted(_playerSessions, "player_session_id", key);
            }
        }

        /// <summary>
        /// Lists one roster player's team-session player sessions in <paramref name="since"/>'s window: each becomes an item
        /// that <see cref="ClassifyPlayerEdit"/> keeps only when its <c>modified</c> differs from the stored row. A failed
        /// listing is reported and counted; the next run lists again.
        /// </summary>
        private async Task ListPlayerEditsAsync(SyncContext context, PolarTeamDetails team, PolarTeamPlayer player, DateTime? since, List<SyncItem> work, CancellationToken cancellationToken)
        {
            SyncStreamState stream = context.State.Stream(PlayerEditsStream);
            try
            {
                await foreach (PolarPlayerSession session in _client.GetPlayerSessionsAsync(player.PlayerId, since, null, "TEAM", new PagingOptions(PolarClient.MaxPageSize), cancellationToken).ConfigureAwait(false))
                {
                    if (string.IsNullOrEmpty(session.PlayerSessionId) || session.Modified == null) continue;
                    if (string.IsNullOrEmpty(session.PlayerId)) session.PlayerId = player.PlayerId;
                    string version = Version(session.Modified);
                    string target = string.Format(CultureInfo.InvariantCulture, "player session {0} of player {1} ({2:yyyy-MM-dd HH:mm}), edited on its own", session.PlayerSessionId, player.PlayerId, session.StartTime);
                    work.Add(new SyncItem(stream, session.PlayerSessionId, version, target, new EditedPlayerSession(session)) { Counts = false });
                }
            }
            catch (Exception ex) when (VendorSyncOptions.IsItemFailure(ex))
            {
                context.ListingFailed(ex, player.PlayerId);
            }
        }

        /// <summary>
        /// A team-session player session is fetched again on its own when its stored row's <c>modified</c> differs from the
        /// player listing's (counted as changed). Not stored yet (its team session brings it), marked deleted, or the same:
        /// nothing to do, and not counted (its team session is).
        /// </summary>
        private SyncItemStatus ClassifyPlayerEdit(SyncItem item, EditedPlayerSession edited)
        {
            IReadOnlyList<string?>? row = _playerSessions.Find(item.Key);
            if (row == null || _playerSessions.Value(row, KeyedCsvTable.DeletedAtColumn) != null) return SyncItemStatus.Unchanged;
            string? teamSessionId = _playerSessions.Value(row, "team_session_id");
            string? teamId = _playerSessions.Value(row, "team_id");
            if (teamSessionId == null || teamId == null) return SyncItemStatus.Unchanged;
            if (_teamSessionsInRun.Contains(teamSessionId)) return SyncItemStatus.Unchanged; // fetched again with its team session
            if (string.Equals(_playerSessions.Value(row, "modified"), DatasetCsv.UtcTime(edited.Session.Modified), StringComparison.Ordinal)) return SyncItemStatus.Unchanged;
            edited.TeamSessionId = teamSessionId;
            edited.TeamId = teamId;
            item.Counts = true;
            return SyncItemStatus.Changed;
        }

        /// <summary>One request for details and samples (same body), then the summaries; data files written once all answered.</summary>
        private async Task<PlayerSessionOutput> FetchPlayerSessionAsync(SyncContext context, string playerSessionId, string? playerId, string? teamSessionId, string teamId, bool summaries, CancellationToken cancellationToken)
        {
            byte[] body = await _client.GetPlayerSessionBodyAsync(playerSessionId, _requestTypes, cancellationToken).ConfigureAwait(false);
            PolarPlayerSessionDetails details = PolarClient.PlayerSessionDetailsFromBody(body, playerId);
            details.PlayerSessionId = playerSessionId;
            PolarSessionSummary? summary = null;
            PolarSessionSummary[] phases = Array.Empty<PolarSessionSummary>();
            if (summaries)
            {
                // The player session itself answered, so a 404 here means it has no summary (or no phases), not a failure.
                summary = await OrNoneAsync(_client.GetSessionSummaryAsync(playerSessionId, details.PlayerId, teamSessionId, cancellationToken)).ConfigureAwait(false);
                phases = await OrNoneAsync(_client.GetPhaseSummariesAsync(playerSessionId, details.PlayerId, teamSessionId, cancellationToken)).ConfigureAwait(false)
                    ?? Array.Empty<PolarSessionSummary>();
            }
            lock (context.Result) ((PolarSyncResult)context.Result).PlayerSessions++;

            var output = new PlayerSessionOutput(details, teamSessionId, teamId, summary, phases);
            string? start = DatasetCsv.LocalTime(details.StartTime);
            if (_options.SampleTypes != PolarSampleType.None)
            {
                output.SampleFile = PolarDataFiles.Path(PolarDataFiles.SamplesFolder, teamId, start, playerSessionId, PolarSampleFileWriter.FileExtension(_options.Format));
                long rows = 0;
                await context.WriteFileAsync(output.SampleFile, (stream, ct) =>
                {
                    using var writer = new PolarSampleFileWriter(stream, _options.Format, _options.SampleTypes);
                    rows = writer.WriteSession(body, body.Length, playerSessionId, details.PlayerId, teamSessionId);
                    writer.Complete();
                    return Task.CompletedTask;
                }, cancellationToken).ConfigureAwait(false);
                context.AddRows(rows);
            }
            if (_options.IncludeRRIntervals)
            {
                bool compress = _options.Format == DataFormat.CsvGzip;
                output.RRFile = PolarDataFiles.Path(PolarDataFiles.RRFolder, teamId, start, playerSessionId, compress ? ".csv.gz" : ".csv");
                int?[] intervals = details.RRIntervals ?? Array.Empty<int?>();
                long rows = 0;
                await context.WriteFileAsync(output.RRFile, (stream, ct) =>
                {
                    rows = DatasetCsv.Write(stream, T.RRColumns, RRRows(intervals, teamSessionId, playerSessionId, details.PlayerId), compress);
                    return Task.CompletedTask;
                }, cancellationToken).ConfigureAwait(false);
                context.AddRows(rows);
            }
            return output;
        }

        private static async Task<TValue?> OrNoneAsync<TValue>(Task<TValue> request) where TValue : class
        {
            try
            {
                return await request.ConfigureAwait(false);
            }
            catch (SportsDataException ex) when (ex.Kind == FailureKind.NotFound)
            {
                Log.Verbose("Polar sync: " + ex.Message + " (stored without it).");
                return null;
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

        private void StorePlayerSession(SyncContext context, PlayerSessionOutput output)
        {
            string id = output.Details.PlayerSessionId;
            IReadOnlyList<string?>? old = _playerSessions.Find(id);
            // Files of the previous version that this one does not have (another day after an edit, another format
            // or sample selection) go, so the dataset equals a clean run.
            var keep = new HashSet<string>(new[] { output.SampleFile, output.RRFile }.Where(f => f != null)!, StringComparer.Ordinal);
            DeleteDataFiles(context, output.TeamId, DatasetCsv.LocalTime(output.Details.StartTime), id, keep);
            if (old != null) DeleteDataFiles(context, _playerSessions.Value(old, "team_id") ?? output.TeamId, _playerSessions.Value(old, "start_time"), id, keep);
            _playerSessions.Upsert(T.PlayerSession(output.Details, output.TeamSessionId, output.TeamId));
            if (output.Summary != null) _sessionSummaries.Upsert(T.SessionSummary(output.Summary));
            else _sessionSummaries.Remove(id);
            _phaseSummaries.ReplaceWhere("player_session_id", id, output.Phases.Select((p, i) => T.PhaseSummary(p, i)));
        }

        private static void DeleteDataFiles(SyncContext context, string teamId, string? localStart, string playerSessionId, ISet<string> keep)
        {
            foreach (string file in PolarDataFiles.All(teamId, localStart, playerSessionId))
            {
                if (!keep.Contains(file)) context.DeleteFile(file);
            }
        }

        private void RemovePlayerSession(SyncContext context, IReadOnlyList<string?> row)
        {
            string id = row[0]!;
            DeleteDataFiles(context, _playerSessions.Value(row, "team_id") ?? string.Empty, _playerSessions.Value(row, "start_time"), id, new HashSet<string>());
            _playerSessions.Remove(id);
            _sessionSummaries.Remove(id);
            _phaseSummaries.ReplaceWhere("player_session_id", id, Array.Empty<IReadOnlyList<string?>>());
        }

        private static void NoteNewest(SyncStreamState stream, string? start)
        {
            if (start == null) return;
            string? newest = stream.Get(NewestStartValue);
            if (newest == null || string.CompareOrdinal(start, newest) > 0) stream.Set(NewestStartValue, start);
        }

        private static bool InWindow(DateTime? start, DateTime? since) => since == null || (start != null && start.Value > since.Value);

        private static DateTime WallClock(DateTime value) => value.Kind == DateTimeKind.Utc ? value.ToLocalTime() : value;

        private static DateTime? ParseLocal(string? text) =>
            text != null && DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime value) ? value : (DateTime?)null;

        /// <summary>A listed session: its team, and the team session or the individual player session.</summary>
        private sealed class Listed(string teamId, PolarTeamSession? teamSession, PolarPlayerSession? playerSession)
        {
            public string TeamId { get; } = teamId;
            public PolarTeamSession? TeamSession { get; } = teamSession;
            public PolarPlayerSession? PlayerSession { get; } = playerSession;
        }

        /// <summary>A team-session player session from its player's listing (see <see cref="ListPlayerEditsAsync"/>).</summary>
        private sealed class EditedPlayerSession
        {
            public EditedPlayerSession(PolarPlayerSession session)
            {
                Session = session;
            }

            public PolarPlayerSession Session { get; }

            /// <summary>From the stored row, once classified as changed.</summary>
            public string? TeamSessionId { get; set; }

            public string? TeamId { get; set; }
        }

        private sealed class TeamSessionOutput
        {
            public TeamSessionOutput(PolarTeamSessionDetails details, PlayerSessionOutput?[] playerSessions, bool failed)
            {
                Details = details;
                PlayerSessions = playerSessions;
                Failed = failed;
            }

            public PolarTeamSessionDetails Details { get; }
            public PlayerSessionOutput?[] PlayerSessions { get; }
            public bool Failed { get; }
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
