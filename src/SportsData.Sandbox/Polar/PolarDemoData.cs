using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace SportsData.Sandbox.Polar
{
    /// <summary>
    /// The deterministic Polar demo dataset: two teams with full rosters and a season of sessions ending on the
    /// anchor date. Everything is derived from ids and dates, so nothing large is held in memory and the same
    /// anchor date always gives the same data; samples are generated when asked for.
    /// </summary>
    public sealed class PolarDemoData
    {
        private static readonly string[] FirstNames = { "Aino", "Mikko", "Sara", "Jonas", "Leila", "Tomás", "Ingrid", "Kwame", "Yuki", "Mateo", "Elin", "Ravi", "Noor", "Lukas", "Freya", "Diego", "Hana", "Oskar", "Maya", "Emil", "Zoe", "Ari", "Linnea", "Samuel", "Ida", "Niko" };
        private static readonly string[] LastNames = { "Virtanen", "Koskinen", "Lindqvist", "Okafor", "Tanaka", "García", "Nielsen", "Haddad", "Schmidt", "Rossi", "Mensah", "Kowalski", "Berg", "Silva", "Novak", "Ahmed", "Larsen", "Moreau", "Kim", "Jensen" };

        /// <summary>At most this many changes (a late session, an edit) happen by the clock in the interactive sandbox.</summary>
        public const int MaxTimedArrivals = 4;

        private readonly object _gate = new object();
        private readonly ConcurrentDictionary<string, TeamSessionSeed> _teamSessionsById = new ConcurrentDictionary<string, TeamSessionSeed>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, PlayerSessionSeed> _playerSessionsById = new ConcurrentDictionary<string, PlayerSessionSeed>(StringComparer.Ordinal);

        public PolarDemoData(DateTime anchorDate)
        {
            AnchorDate = anchorDate.Date;
            Teams = new[]
            {
                BuildTeam("Northside FC", "Northside Sports Club", "SOCCER", 24, new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Thursday, DayOfWeek.Friday }, DayOfWeek.Saturday),
                BuildTeam("Harbour Hawks", "Harbour Athletics", "FIELD_HOCKEY", 20, new[] { DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday }, DayOfWeek.Sunday),
            };
            foreach (TeamSeed team in Teams)
            {
                foreach (TeamSessionSeed session in team.Sessions)
                {
                    _teamSessionsById[session.Id] = session;
                    foreach (PlayerSessionSeed participant in session.Participants) _playerSessionsById[participant.Id] = participant;
                }
                foreach (PlayerSeed player in team.Players)
                {
                    foreach (PlayerSessionSeed individual in player.IndividualSessions) _playerSessionsById[individual.Id] = individual;
                }
            }
        }

        public DateTime AnchorDate { get; }

        public TeamSeed[] Teams { get; }

        public TeamSeed? FindTeam(string id) => Teams.FirstOrDefault(t => t.Id == id);

        public PlayerSeed? FindPlayer(string id) => Teams.SelectMany(t => t.Players).FirstOrDefault(p => p.Id == id);

        public TeamSessionSeed? FindTeamSession(string id) => _teamSessionsById.TryGetValue(id, out TeamSessionSeed? value) ? value : null;

        public PlayerSessionSeed? FindPlayerSession(string id) => _playerSessionsById.TryGetValue(id, out PlayerSessionSeed? value) ? value : null;

        /// <summary>Every session of a player, team and individual, newest first.</summary>
        public IEnumerable<PlayerSessionSeed> PlayerSessions(PlayerSeed player) =>
            player.Team.Sessions.SelectMany(s => s.Participants).Where(p => p.Player == player)
                .Concat(player.IndividualSessions)
                .OrderByDescending(p => p.StartTime).ThenBy(p => p.Id, StringComparer.Ordinal);

        /// <summary>
        /// A team session that arrives after the demo season was built (a late upload, or a new day's training):
        /// the first <paramref name="participants"/> players of the roster took part. Ids derive from the team and
        /// start time, so the same call always gives the same session.
        /// </summary>
        public TeamSessionSeed AddTeamSession(TeamSeed team, DateTime startTime, TimeSpan duration, int participants, string type = "TRAINING")
        {
            lock (_gate)
            {
                var session = new TeamSessionSeed(DemoRandom.Id("ts:" + team.Id + ":late:" + startTime.ToString("yyyy-MM-ddTHH:mm:ss")), team, type, "Extra session", startTime, duration);
                foreach (PlayerSeed player in team.Players.Take(participants))
                {
                    var participant = new PlayerSessionSeed(DemoRandom.Id("ps:" + session.Id + ":" + player.Id), player, session, "TEAM", startTime, duration);
                    session.Participants.Add(participant);
                    _playerSessionsById[participant.Id] = participant;
                }
                _teamSessionsById[session.Id] = session;
                team.Sessions = TeamSeed.Newest(team.Sessions.Concat(new[] { session }));
                return session;
            }
        }

        /// <summary>An individual session a player uploads later.</summary>
        public PlayerSessionSeed AddIndividualSession(PlayerSeed player, DateTime startTime, TimeSpan duration)
        {
            lock (_gate)
            {
                var session = new PlayerSessionSeed(DemoRandom.Id("ind:" + player.Id + ":late:" + startTime.ToString("yyyy-MM-ddTHH:mm:ss")), player, null, "INDIVIDUAL", startTime, duration);
                player.IndividualSessions.Add(session);
                _playerSessionsById[session.Id] = session;
                return session;
            }
        }

        /// <summary>A coach edits a team session after upload: a new <c>modified</c> time, note and player figures.</summary>
        public void EditTeamSession(string teamSessionId)
        {
            TeamSessionSeed session = FindTeamSession(teamSessionId) ?? throw new ArgumentException("No team session " + teamSessionId, nameof(teamSessionId));
            session.Revision++;
        }

        /// <summary>A player edits an individual session: a new <c>modified</c> time and figures.</summary>
        public void EditPlayerSession(string playerSessionId)
        {
            PlayerSessionSeed session = FindPlayerSession(playerSessionId) ?? throw new ArgumentException("No player session " + playerSessionId, nameof(playerSessionId));
            session.Revision++;
        }

        /// <summary>A team session deleted at the source: gone from listings and detail requests.</summary>
        public void RemoveTeamSession(string teamSessionId)
        {
            lock (_gate)
            {
                TeamSessionSeed session = FindTeamSession(teamSessionId) ?? throw new ArgumentException("No team session " + teamSessionId, nameof(teamSessionId));
                session.Team.Sessions = session.Team.Sessions.Where(s => s != session).ToArray();
                _teamSessionsById.TryRemove(session.Id, out _);
                foreach (PlayerSessionSeed participant in session.Participants) _playerSessionsById.TryRemove(participant.Id, out _);
            }
        }

        /// <summary>How many timed changes have happened so far (<see cref="ArriveUpTo"/>).</summary>
        public int LateArrivals { get; private set; }

        /// <summary>
        /// The interactive sandbox's timed changes, until <paramref name="total"/> have happened: even ones upload a
        /// late team session (yesterday evening, after the day's other sessions), odd ones edit the newest regular
        /// session of the same team (a new <c>modified</c>). The n-th change is the same in every world.
        /// </summary>
        public void ArriveUpTo(int total)
        {
            lock (_gate)
            {
                while (LateArrivals < Math.Min(total, MaxTimedArrivals))
                {
                    int n = LateArrivals++;
                    TeamSeed team = Teams[n / 2 % Teams.Length];
                    if (n % 2 == 0) AddTeamSession(team, AnchorDate.AddHours(19).AddMinutes(30), TimeSpan.FromMinutes(20), 6);
                    else EditTeamSession(team.Sessions.First(s => s.Name != "Extra session").Id);
                }
            }
        }

        private TeamSeed BuildTeam(string name, string organisation, string sport, int rosterSize, DayOfWeek[] trainingDays, DayOfWeek matchDay)
        {
            string teamId = DemoRandom.Id("team:" + name);
            var random = new DemoRandom("roster:" + name);
            var team = new TeamSeed(teamId, name, organisation, sport, AnchorDate.AddDays(-400).AddHours(10));
            string[] roles = sport == "SOCCER"
                ? new[] { "Goalkeeper", "Defender", "Defender", "Midfielder", "Midfielder", "Forward" }
                : new[] { "Goalkeeper", "Defender", "Midfielder", "Forward" };
            var usedNumbers = new HashSet<int>();
            for (int i = 0; i < rosterSize; i++)
            {
                int number;
                do { number = random.Next(1, 40); } while (!usedNumbers.Add(number));
                var player = new PlayerSeed(DemoRandom.Id("player:" + teamId + ":" + i), team, number,
                    random.Pick(FirstNames), random.Pick(LastNames), i == 0 ? roles[0] : roles[1 + i % (roles.Length - 1)],
                    random.Between(0.85, 1.15));
                team.Players.Add(player);
            }

            // A season: the 52 weeks up to the anchor date, with a two-week winter break.
            var season = new List<TeamSessionSeed>();
            DateTime first = AnchorDate.AddDays(-364);
            for (DateTime day = first; day <= AnchorDate; day = day.AddDays(1))
            {
                if (day.Month == 12 && day.Day >= 20 || day.Month == 1 && day.Day <= 3) continue;
                bool isMatch = day.DayOfWeek == matchDay;
                if (!isMatch && Array.IndexOf(trainingDays, day.DayOfWeek) < 0) continue;
                var daily = new DemoRandom("session:" + teamId + ":" + day.ToString("yyyy-MM-dd"));
                string type = isMatch ? "MATCH" : day.DayOfWeek == trainingDays[0] ? "STRENGTH AND CONDITION" : daily.NextDouble() < 0.15 ? "DRILL" : "TRAINING";
                DateTime start = day.AddHours(isMatch ? 15 : 17).AddMinutes(isMatch ? 0 : 30).AddSeconds(daily.Next(0, 50));
                int minutes = isMatch ? 95 : daily.Next(60, 91);
                var session = new TeamSessionSeed(DemoRandom.Id("ts:" + teamId + ":" + day.ToString("yyyy-MM-dd")), team, type,
                    isMatch ? "Match vs " + daily.Pick(new[] { "Eastport", "Lakeside", "Riverton", "Hillcrest", "Westbay" }) : type == "STRENGTH AND CONDITION" ? "Strength and conditioning" : "Team training",
                    start, TimeSpan.FromMinutes(minutes));
                foreach (PlayerSeed player in team.Players)
                {
                    if (daily.NextDouble() < 0.12) continue; // injured, rested or absent
                    session.Participants.Add(new PlayerSessionSeed(DemoRandom.Id("ps:" + session.Id + ":" + player.Id), player, session, "TEAM", session.StartTime, session.Duration));
                }
                season.Add(session);
            }
            team.Sessions = TeamSeed.Newest(season);

            // Some players log individual runs on Sundays.
            foreach (PlayerSeed player in team.Players.Where((p, i) => i % 3 == 0))
            {
                for (DateTime day = first; day <= AnchorDate; day = day.AddDays(7))
                {
                    DateTime sunday = day.AddDays(((int)DayOfWeek.Sunday - (int)day.DayOfWeek + 7) % 7);
                    if (sunday > AnchorDate || sunday.DayOfWeek == matchDay) continue;
                    var daily = new DemoRandom("individual:" + player.Id + ":" + sunday.ToString("yyyy-MM-dd"));
                    if (daily.NextDouble() < 0.5) continue;
                    player.IndividualSessions.Add(new PlayerSessionSeed(DemoRandom.Id("ind:" + player.Id + ":" + sunday.ToString("yyyy-MM-dd")), player, null, "INDIVIDUAL",
                        sunday.AddHours(9).AddMinutes(daily.Next(0, 60)), TimeSpan.FromMinutes(daily.Next(25, 61))));
                }
            }
            return team;
        }
    }

    public sealed class TeamSeed
    {
        public TeamSeed(string id, string name, string organisation, string sport, DateTime created)
        {
            Id = id; Name = name; Organisation = organisation; Sport = sport; Created = created;
        }

        public string Id { get; }
        public string Name { get; }
        public string Organisation { get; }
        public string Sport { get; }
        public DateTime Created { get; }
        public List<PlayerSeed> Players { get; } = new List<PlayerSeed>();
        /// <summary>Newest first. Replaced as a whole when sessions arrive or go, so a listing in progress keeps its snapshot.</summary>
        public IReadOnlyList<TeamSessionSeed> Sessions { get; internal set; } = Array.Empty<TeamSessionSeed>();

        internal static TeamSessionSeed[] Newest(IEnumerable<TeamSessionSeed> sessions) =>
            sessions.OrderByDescending(s => s.RecordStartTime).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray();
    }

    public sealed class PlayerSeed
    {
        public PlayerSeed(string id, TeamSeed team, int number, string firstName, string lastName, string role, double fitness)
        {
            Id = id; Team = team; Number = number; FirstName = firstName; LastName = lastName; Role = role; Fitness = fitness;
        }

        public string Id { get; }
        public TeamSeed Team { get; }
        public int Number { get; }
        public string FirstName { get; }
        public string LastName { get; }
        public string Role { get; }
        public double Fitness { get; }
        public List<PlayerSessionSeed> IndividualSessions { get; } = new List<PlayerSessionSeed>();
    }

    public sealed class TeamSessionSeed
    {
        public TeamSessionSeed(string id, TeamSeed team, string type, string name, DateTime startTime, TimeSpan duration)
        {
            Id = id; Team = team; Type = type; Name = name; StartTime = startTime; Duration = duration;
        }

        public string Id { get; }
        public TeamSeed Team { get; }
        public string Type { get; }
        public string Name { get; }
        /// <summary>Local time (the API sends it without an offset).</summary>
        public DateTime StartTime { get; }
        public TimeSpan Duration { get; }
        public DateTime EndTime => StartTime + Duration;
        public DateTime RecordStartTime => StartTime.AddMinutes(-3);
        public DateTime RecordEndTime => EndTime.AddMinutes(2);
        public List<PlayerSessionSeed> Participants { get; } = new List<PlayerSessionSeed>();

        /// <summary>How often the session was edited after upload (<see cref="PolarDemoData.EditTeamSession"/>).</summary>
        public int Revision { get; set; }

        /// <summary>UTC; two hours after the end, plus ten minutes per edit.</summary>
        public DateTime Modified => EndTime.AddHours(2).AddMinutes(10 * Revision);

        /// <summary>Phase markers: warm-up, main part, cool-down.</summary>
        public (string Name, DateTime Start, DateTime End)[] Phases
        {
            get
            {
                DateTime warmupEnd = StartTime.AddMinutes(15);
                DateTime mainEnd = EndTime.AddMinutes(-10);
                return new[] { ("Warm-up", StartTime, warmupEnd), ("Main part", warmupEnd, mainEnd), ("Cool-down", mainEnd, EndTime) };
            }
        }
    }

    public sealed class PlayerSessionSeed
    {
        public PlayerSessionSeed(string id, PlayerSeed player, TeamSessionSeed? teamSession, string type, DateTime startTime, TimeSpan duration)
        {
            Id = id; Player = player; TeamSession = teamSession; Type = type; StartTime = startTime; Duration = duration;
        }

        public string Id { get; }
        public PlayerSeed Player { get; }
        public TeamSessionSeed? TeamSession { get; }
        public string Type { get; }
        public DateTime StartTime { get; }
        public TimeSpan Duration { get; }
        /// <summary>Number of 10 Hz sample rows.</summary>
        public int SampleCount => (int)(Duration.TotalSeconds * 10);

        /// <summary>How often this player session was edited (<see cref="PolarDemoData.EditPlayerSession"/>).</summary>
        public int Revision { get; set; }

        /// <summary>Edits of the session itself plus, for a team session's player, edits of the team session.</summary>
        public int EffectiveRevision => Revision + (TeamSession?.Revision ?? 0);

        /// <summary>UTC; an hour after the end, plus ten minutes per edit.</summary>
        public DateTime Modified => StartTime.Add(Duration).AddHours(1).AddMinutes(10 * EffectiveRevision);
    }
}
