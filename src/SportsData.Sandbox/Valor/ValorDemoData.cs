using System;
using System.Collections.Generic;
using System.Linq;

namespace SportsData.Sandbox.Valor
{
    /// <summary>
    /// The deterministic Valor demo dataset: twelve athletes (one without any sessions) and a year of movement
    /// sessions ending on the anchor date, some grouped into assessments, some single exercises. Reports and
    /// IK data are derived from the session when asked for. Sessions can arrive later (<see cref="ArriveLater"/>,
    /// the n-th late session is always the same) and be removed, as in a live account.
    /// </summary>
    public sealed class ValorDemoData
    {
        public const string OrganizationId = "org-7Q2X";
        private static readonly string[] FirstNames = { "Ava", "Noah", "Mia", "Liam", "Zara", "Ethan", "Leah", "Omar", "Ines", "Kai", "Ruby", "Theo" };
        private static readonly string[] LastNames = { "Brooks", "Okoye", "Lindgren", "Patel", "Moreno", "Fischer", "Nakamura", "Haddad", "Costa", "Walsh", "Kowalczyk", "Adeyemi" };

        public static readonly ValorExercise[] Exercises =
        {
            new ValorExercise("ex-squat", "Bodyweight Squat", new[] { "hip_flexion", "knee_flexion", "ankle_dorsiflexion" }, new[] { "trunk_flexion" }),
            new ValorExercise("ex-ohsquat", "Overhead Squat", new[] { "hip_flexion", "knee_flexion", "shoulder_flexion" }, new[] { "trunk_flexion" }),
            new ValorExercise("ex-lunge", "Forward Lunge", new[] { "hip_flexion", "knee_flexion", "knee_valgus" }, new[] { "pelvic_tilt" }),
            new ValorExercise("ex-slsquat", "Single Leg Squat", new[] { "knee_flexion", "knee_valgus", "hip_adduction" }, new[] { "trunk_lean" }),
            new ValorExercise("ex-cmj", "Countermovement Jump", new[] { "hip_flexion", "knee_flexion", "ankle_dorsiflexion" }, Array.Empty<string>()),
            new ValorExercise("ex-shflex", "Shoulder Flexion", new[] { "shoulder_flexion", "elbow_flexion" }, Array.Empty<string>()),
            new ValorExercise("ex-hinge", "Hip Hinge", new[] { "hip_flexion" }, new[] { "trunk_flexion", "pelvic_tilt" }),
        };

        private readonly object _gate = new object();
        private readonly Dictionary<string, ValorSessionSeed> _byKey = new Dictionary<string, ValorSessionSeed>(StringComparer.Ordinal);
        private ValorSessionSeed[] _sessions;

        public ValorDemoData(DateTime anchorDate)
        {
            AnchorDate = anchorDate.Date;
            var athletes = new List<ValorAthleteSeed>();
            for (int i = 0; i < 12; i++)
            {
                athletes.Add(new ValorAthleteSeed(Guid(("athlete:" + i)), FirstNames[i], LastNames[i], i % 3 == 0 ? "Academy" : "First Team"));
            }
            Athletes = athletes.ToArray();
            var sessions = new List<ValorSessionSeed>();
            for (int i = 0; i < Athletes.Length - 1; i++) sessions.AddRange(BuildSessions(Athletes[i], i)); // the last athlete has none
            _sessions = Sorted(sessions);
            foreach (ValorSessionSeed session in _sessions) _byKey[session.S3Key] = session;
        }

        public DateTime AnchorDate { get; }

        public ValorAthleteSeed[] Athletes { get; }

        /// <summary>A snapshot of every session, newest first (the order the API lists them in).</summary>
        public ValorSessionSeed[] Sessions
        {
            get { lock (_gate) return _sessions; }
        }

        /// <summary>How many late sessions have arrived so far.</summary>
        public int LateArrivals { get; private set; }

        public ValorSessionSeed? FindByS3Key(string s3Key)
        {
            lock (_gate) return _byKey.TryGetValue(s3Key, out ValorSessionSeed? session) ? session : null;
        }

        /// <summary>
        /// The next <paramref name="count"/> late sessions appear (recorded on the days after the anchor date, so
        /// they list first). The n-th late session is the same in every world.
        /// </summary>
        public IReadOnlyList<ValorSessionSeed> ArriveLater(int count = 1)
        {
            lock (_gate)
            {
                List<ValorSessionSeed> added = Enumerable.Range(LateArrivals, Math.Max(count, 0)).Select(LateSession).ToList();
                LateArrivals += added.Count;
                foreach (ValorSessionSeed session in added) _byKey[session.S3Key] = session;
                _sessions = Sorted(_sessions.Concat(added));
                return added;
            }
        }

        /// <summary>The <paramref name="n"/>-th late session (from 0): the same in every world.</summary>
        private ValorSessionSeed LateSession(int n)
        {
            var random = new DemoRandom("valor-late:" + n);
            ValorAthleteSeed athlete = Athletes[n % (Athletes.Length - 1)];
            ValorExercise exercise = Exercises[n % Exercises.Length];
            DateTime date = DateTime.SpecifyKind(AnchorDate.AddDays(1 + n / 24).AddHours(6 + n % 24 * 0.5).AddMilliseconds(random.Next(0, 60000)), DateTimeKind.Utc);
            string id = Guid("late-session:" + n);
            return new ValorSessionSeed(id, date, Math.Round(random.Between(8, 40), 1), athlete, "singleExercise", exercise,
                OrganizationId + "/athletes/" + athlete.Id + "/sessions/" + id + ".json");
        }

        /// <summary>Late sessions arrive until <paramref name="total"/> have (the timed schedule of the interactive sandbox).</summary>
        public void ArriveUpTo(int total)
        {
            lock (_gate)
            {
                if (total > LateArrivals) ArriveLater(total - LateArrivals);
            }
        }

        /// <summary>Deletes a session at the source (it no longer lists, its data is gone). False when unknown.</summary>
        public bool Remove(string sessionId)
        {
            lock (_gate)
            {
                ValorSessionSeed? session = _sessions.FirstOrDefault(s => s.Id == sessionId);
                if (session == null) return false;
                _byKey.Remove(session.S3Key);
                _sessions = _sessions.Where(s => s != session).ToArray();
                return true;
            }
        }

        private static ValorSessionSeed[] Sorted(IEnumerable<ValorSessionSeed> sessions) =>
            sessions.OrderByDescending(s => s.Date).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray();

        /// <summary>A GUID-shaped id derived from text, stable across runs.</summary>
        public static string Guid(string seed)
        {
            var random = new DemoRandom(seed);
            ulong a = random.NextULong(), b = random.NextULong();
            string hex = a.ToString("x16") + b.ToString("x16");
            return hex.Substring(0, 8) + "-" + hex.Substring(8, 4) + "-4" + hex.Substring(13, 3) + "-a" + hex.Substring(17, 3) + "-" + hex.Substring(20, 12);
        }

        private IEnumerable<ValorSessionSeed> BuildSessions(ValorAthleteSeed athlete, int index)
        {
            var random = new DemoRandom("valor-sessions:" + athlete.Id);
            int visits = 10 + index % 5 * 2 + random.Next(0, 4);
            DateTime first = AnchorDate.AddDays(-360);
            for (int visit = 0; visit < visits; visit++)
            {
                DateTime day = first.AddDays((int)(360.0 * visit / visits) + random.Next(0, 10));
                if (day > AnchorDate) day = AnchorDate;
                DateTime time = day.AddHours(random.Next(7, 18)).AddMinutes(random.Next(0, 60)).AddSeconds(random.Next(0, 60)).AddMilliseconds(random.Next(0, 1000));
                bool assessment = random.NextDouble() < 0.6;
                string assessmentId = assessment ? Guid("assessment:" + athlete.Id + ":" + visit) : "singleExercise";
                int exercises = assessment ? random.Next(3, 6) : 1;
                int offset = random.Next(0, Exercises.Length);
                for (int e = 0; e < exercises; e++)
                {
                    ValorExercise exercise = Exercises[(offset + e) % Exercises.Length];
                    string id = Guid("session:" + athlete.Id + ":" + visit + ":" + e);
                    double duration = Math.Round(random.Between(8, 40), 1);
                    yield return new ValorSessionSeed(id, DateTime.SpecifyKind(time, DateTimeKind.Utc), duration, athlete, assessmentId, exercise,
                        OrganizationId + "/athletes/" + athlete.Id + "/sessions/" + id + ".json");
                    time = time.AddSeconds(duration + random.Next(30, 120));
                    time = new DateTime((time.Ticks + TimeSpan.TicksPerMillisecond / 2) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond); // whole milliseconds, as sent
                }
            }
        }
    }

    public sealed class ValorExercise(string id, string name, string[] sidedJoints, string[] centralJoints)
    {
        public string Id { get; } = id;
        public string Name { get; } = name;
        /// <summary>Joints measured left and right (report sides L/R, IK arrays joint_l / joint_r).</summary>
        public string[] SidedJoints { get; } = sidedJoints;
        /// <summary>Trunk/pelvis angles measured forward and back (report sides F/B, one IK array).</summary>
        public string[] CentralJoints { get; } = centralJoints;
    }

    public sealed class ValorAthleteSeed(string id, string firstName, string lastName, string group)
    {
        public string Id { get; } = id;
        public string FirstName { get; } = firstName;
        public string LastName { get; } = lastName;
        public string Group { get; } = group;
    }

    public sealed class ValorSessionSeed(string id, DateTime date, double durationSeconds, ValorAthleteSeed athlete, string assessmentId, ValorExercise exercise, string s3Key)
    {
        public string Id { get; } = id;
        public DateTime Date { get; } = date;
        public double DurationSeconds { get; } = durationSeconds;
        public ValorAthleteSeed Athlete { get; } = athlete;
        public string AssessmentId { get; } = assessmentId;
        public ValorExercise Exercise { get; } = exercise;
        public string S3Key { get; } = s3Key;

        /// <summary>
        /// When true, /reportData answers this session's s3Key with 404 "No data found" (a session whose report was never
        /// produced); its IK data still answers. Off by default.
        /// </summary>
        public bool ReportMissing { get; set; }

        /// <summary>Frames of IK data at 60 Hz.</summary>
        public int FrameCount => (int)Math.Round(DurationSeconds * 60);
    }
}
