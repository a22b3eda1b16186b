using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SportsData.Sandbox.Aikynetix
{
    /// <summary>A user of the simulated AiKYNETIX account.</summary>
    public sealed class AikynetixUserSeed(string id, string name, bool isAdmin)
    {
        public string Id { get; } = id;
        public string Name { get; } = name;
        public bool IsAdmin { get; } = isAdmin;
    }

    /// <summary>One simulated session. Mutable: PUT and DELETE change what later reads see.</summary>
    public sealed class AikynetixSessionSeed
    {
        public string Id { get; set; } = string.Empty;
        public string Title { get; set; } = string.Empty;
        public string Activity { get; set; } = string.Empty;
        public DateTime CreatedAt { get; set; }
        public AikynetixUserSeed User { get; set; } = null!;
        public string UploadedBy { get; set; } = string.Empty;
        public int Segments { get; set; }
        public string? Exercise { get; set; }
        /// <summary>uploaded, processing, analyzed or failed.</summary>
        public string State { get; set; } = "uploaded";
        public bool HasAnalyzedVideo { get; set; }
        /// <summary>1 for the first analyzed video; each re-analysis gives a new video at a new URL.</summary>
        public int VideoRevision { get; set; } = 1;
        public int VideoLength { get; set; }
        public SortedDictionary<string, object> Metrics { get; set; } = new SortedDictionary<string, object>(StringComparer.Ordinal);
        public SortedDictionary<string, object> ReportComments { get; set; } = new SortedDictionary<string, object>(StringComparer.Ordinal);
    }

    /// <summary>
    /// The deterministic AiKYNETIX dataset: 150 sessions of eight users over the year before the anchor date,
    /// every field derived from a seeded generator so the same anchor gives the same data. Like a live account,
    /// sessions arrive later (<see cref="ArriveLater"/>: uploaded, then processing until analyzed), are edited
    /// (<see cref="Update"/>), re-analyzed (<see cref="Reanalyze"/>) and deleted (<see cref="Remove"/>).
    /// </summary>
    public sealed class AikynetixDemoData
    {
        public const int SessionCount = 150;
        public static readonly string[] Activities = { "Running", "Weightlifting", "Vertical Jump", "Mobility Assessment" };
        public static readonly string[] States = { "uploaded", "processing", "analyzed", "failed" };
        private static readonly string[] Exercises = { "snatch", "clean_and_jerk", "back_squat", "deadlift" };
        private static readonly string[] TitleWords = { "baseline", "pre-season", "return to play", "sprint form", "max effort", "technique check", "recovery", "testing day" };

        private readonly object _gate = new object();
        private readonly List<AikynetixSessionSeed> _sessions;

        public AikynetixDemoData(DateTime anchorDate)
        {
            AnchorDate = anchorDate.Date;
            Admin = new AikynetixUserSeed("aikAdmin7Qw2Lr9Xc4Tb1Nv8Hs3", "Coach Morgan", isAdmin: true);
            SubAdmin = new AikynetixUserSeed("aikSubAdm5Kp8Zt2Wm6Yd4Rf1Gj", "Analyst Priya", isAdmin: true);
            string[] athletes = { "Lee Jhon", "Suzan Okoro", "Mateo Ruiz", "Aino Virtanen", "Kwame Mensah", "Yuki Tanaka" };
            Athletes = athletes.Select((name, i) => new AikynetixUserSeed("aikUser" + DemoRandom.Id("aik-user-" + i, 20), name, isAdmin: false)).ToArray();

            var random = new DemoRandom("aikynetix-sessions");
            _sessions = new List<AikynetixSessionSeed>(SessionCount);
            for (int i = 0; i < SessionCount; i++)
            {
                AikynetixUserSeed user = Athletes[random.Next(0, Athletes.Length)];
                string activity = Activities[i % Activities.Length];
                int minutes = random.Next(6 * 60, 21 * 60);
                DateTime created = AnchorDate.AddDays(-random.Next(1, 366)).AddMinutes(minutes); // all in the past
                string state = States[random.Next(0, 10) < 6 ? 2 : random.Next(0, States.Length)];
                var session = new AikynetixSessionSeed
                {
                    Id = HexId("aik-session-" + i),
                    Activity = activity,
                    CreatedAt = created,
                    User = user,
                    UploadedBy = random.Next(0, 3) == 0 ? SubAdmin.Id : Admin.Id,
                    Segments = random.Next(1, 16),
                    Exercise = activity == "Weightlifting" ? Exercises[random.Next(0, Exercises.Length)] : null,
                    State = state,
                    HasAnalyzedVideo = state == "analyzed",
                    VideoLength = 96 * 1024 + random.Next(0, 64 * 1024),
                    Title = user.Name.Split(' ')[0].ToLowerInvariant() + " " + activity.ToLowerInvariant() + " " + TitleWords[random.Next(0, TitleWords.Length)],
                };
                if (state == "analyzed") FillAnalysis(session, random);
                _sessions.Add(session);
            }
            _sessions.Sort(Newest);
        }

        public DateTime AnchorDate { get; }
        public AikynetixUserSeed Admin { get; }
        public AikynetixUserSeed SubAdmin { get; }
        public AikynetixUserSeed[] Athletes { get; }

        /// <summary>A snapshot of every session, newest first (created_at descending, then id).</summary>
        public IReadOnlyList<AikynetixSessionSeed> Sessions
        {
            get { lock (_gate) return _sessions.ToArray(); }
        }

        /// <summary>How many late sessions have arrived so far.</summary>
        public int LateArrivals { get; private set; }

        /// <summary>
        /// The next <paramref name="count"/> late sessions are uploaded (state "processing", no analysis yet),
        /// created on the days after the anchor date. The n-th late session is the same in every world.
        /// </summary>
        public IReadOnlyList<AikynetixSessionSeed> ArriveLater(int count = 1)
        {
            lock (_gate)
            {
                List<AikynetixSessionSeed> added = Enumerable.Range(LateArrivals, Math.Max(count, 0)).Select(LateSession).ToList();
                LateArrivals += added.Count;
                _sessions.AddRange(added);
                _sessions.Sort(Newest);
                return added;
            }
        }

        /// <summary>The <paramref name="n"/>-th late session (from 0): the same in every world.</summary>
        private AikynetixSessionSeed LateSession(int n)
        {
            var random = new DemoRandom("aikynetix-late:" + n);
            AikynetixUserSeed user = Athletes[n % Athletes.Length];
            string activity = Activities[n % Activities.Length];
            return new AikynetixSessionSeed
            {
                Id = HexId("aik-late-session-" + n),
                Activity = activity,
                CreatedAt = AnchorDate.AddDays(1 + n / 24).AddHours(7).AddMinutes(n % 24 * 30),
                User = user,
                UploadedBy = Admin.Id,
                Segments = random.Next(1, 16),
                Exercise = activity == "Weightlifting" ? Exercises[random.Next(0, Exercises.Length)] : null,
                State = "processing",
                VideoLength = 96 * 1024 + random.Next(0, 64 * 1024),
                Title = user.Name.Split(' ')[0].ToLowerInvariant() + " " + activity.ToLowerInvariant() + " " + TitleWords[random.Next(0, TitleWords.Length)],
            };
        }

        /// <summary>
        /// The timed schedule of the interactive sandbox: late sessions arrive until <paramref name="arrived"/> have,
        /// and the first <paramref name="analyzed"/> of them finish processing.
        /// </summary>
        public void ArriveUpTo(int arrived, int analyzed)
        {
            lock (_gate)
            {
                if (arrived > LateArrivals) ArriveLater(arrived - LateArrivals);
                for (int n = 0; n < Math.Min(analyzed, LateArrivals); n++)
                {
                    AikynetixSessionSeed? session = _sessions.FirstOrDefault(s => s.Id == HexId("aik-late-session-" + n));
                    if (session != null && session.State == "processing") Analyze(session);
                }
            }
        }

        /// <summary>The session is analyzed again: a new analyzed video (new URL, new bytes) and state "analyzed". False when unknown.</summary>
        public bool Reanalyze(string id)
        {
            lock (_gate)
            {
                AikynetixSessionSeed? session = _sessions.FirstOrDefault(s => s.Id == id);
                if (session == null) return false;
                if (session.HasAnalyzedVideo) session.VideoRevision++;
                Analyze(session);
                return true;
            }
        }

        public AikynetixSessionSeed? Find(string id)
        {
            lock (_gate) return _sessions.FirstOrDefault(s => s.Id == id);
        }

        public bool Remove(string id)
        {
            lock (_gate) return _sessions.RemoveAll(s => s.Id == id) > 0;
        }

        /// <summary>Applies an update under the lock and keeps the newest-first order.</summary>
        public bool Update(string id, string? title, DateTime? createdAt)
        {
            lock (_gate)
            {
                AikynetixSessionSeed? session = _sessions.FirstOrDefault(s => s.Id == id);
                if (session == null) return false;
                if (title != null) session.Title = title;
                if (createdAt != null) session.CreatedAt = createdAt.Value;
                _sessions.Sort(Newest);
                return true;
            }
        }

        /// <summary>Marks a session analyzed, with metrics, as the generation endpoint does.</summary>
        public void Analyze(AikynetixSessionSeed session)
        {
            lock (_gate)
            {
                session.State = "analyzed";
                session.HasAnalyzedVideo = true;
                if (session.Metrics.Count == 0) FillAnalysis(session, new DemoRandom("aik-analysis-" + session.Id));
            }
        }

        private static int Newest(AikynetixSessionSeed a, AikynetixSessionSeed b)
        {
            int byTime = b.CreatedAt.CompareTo(a.CreatedAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
        }

        private static void FillAnalysis(AikynetixSessionSeed session, DemoRandom random)
        {
            var metrics = session.Metrics;
            switch (session.Activity)
            {
                case "Running":
                    metrics["cadence_spm"] = random.Next(158, 192);
                    metrics["stride_length_m"] = Round(random.Between(1.0, 1.7));
                    metrics["ground_contact_ms"] = random.Next(190, 290);
                    metrics["joint_angles"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
                    {
                        ["knee_flexion_deg"] = Round(random.Between(35, 50)),
                        ["hip_extension_deg"] = Round(random.Between(8, 20)),
                    };
                    break;
                case "Weightlifting":
                    metrics["reps"] = random.Next(1, 8);
                    metrics["peak_bar_velocity_mps"] = Round(random.Between(0.8, 2.1));
                    metrics["peak_power_w"] = random.Next(900, 3200);
                    break;
                case "Vertical Jump":
                    metrics["jump_height_cm"] = Round(random.Between(25, 65));
                    metrics["flight_time_ms"] = random.Next(420, 720);
                    metrics["takeoff_velocity_mps"] = Round(random.Between(2.2, 3.6));
                    break;
                default:
                    metrics["shoulder_flexion_deg"] = random.Next(140, 180);
                    metrics["hip_internal_rotation_deg"] = random.Next(20, 45);
                    metrics["ankle_dorsiflexion_deg"] = random.Next(25, 45);
                    break;
            }
            session.ReportComments["summary"] = "Form is " + (random.Next(0, 2) == 0 ? "consistent" : "improving") + " across " + session.Segments + " segment(s).";
            session.ReportComments["coach"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["name"] = "Coach Morgan",
                ["note"] = "Review segment " + random.Next(1, session.Segments + 1) + ".",
            };
        }

        private static double Round(double value) => Math.Round(value, 2);

        /// <summary>32 lowercase hex characters, as the vendor's session ids look.</summary>
        public static string HexId(string seed)
        {
            var random = new DemoRandom(seed);
            return random.NextULong().ToString("x16", CultureInfo.InvariantCulture) + random.NextULong().ToString("x16", CultureInfo.InvariantCulture);
        }
    }
}
