using System.IO.Compression;
using SportsData.Connections;
using SportsData.Sync;
using SportsData.Sync.Valor;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Sync;

/// <summary>Sync-Valor's engine over loopback HTTP into real folders.</summary>
public class ValorSyncTests : ValorClientTestBase
{
    private readonly DatasetFolder _dataset;

    public ValorSyncTests() => _dataset = Own(new DatasetFolder());

    /// <summary>The athlete with the fewest sessions (but some): small enough for IK and crash tests.</summary>
    private string SmallAthlete => Data.Sessions.GroupBy(s => s.Athlete.Id).OrderBy(g => g.Count()).First().Key;

    private ValorSyncOptions Options(Action<ValorSyncOptions>? configure = null, string? path = null)
    {
        var options = new ValorSyncOptions { Path = path ?? _dataset.Folder, ReportError = _dataset.Report };
        configure?.Invoke(options);
        return options;
    }

    private Task<ValorSyncResult> Sync(Action<ValorSyncOptions>? configure = null, string? path = null, ValorConnection? connection = null) =>
        ValorSync.RunAsync(connection?.Client() ?? Client, Options(configure, path), CancellationToken.None);

    private List<string> Requests(string resource) => Server.ValorRequests(resource).ToList();

    [Fact]
    public async Task The_first_run_stores_every_athlete_session_and_report_row_then_a_rerun_only_lists()
    {
        var log = CapturingLog.Install();
        ValorSyncResult first = await Sync();
        Assert.Equal(Data.Sessions.Length, log.ProgressReports.Where(p => p.Activity == ValorSync.Activity).Max(p => p.Done)); // every session listed shows
        Assert.DoesNotContain("Bearer", log.All); // -Verbose shows requests without secrets

        int sessions = Data.Sessions.Length;
        Assert.Equal(sessions, first.New);
        Assert.Equal(0, first.Failed);
        Assert.Equal(_dataset.Folder, first.Path);
        Assert.Equal(sessions, Requests("reportData").Count);
        Assert.Empty(Requests("ikData"));
        Assert.Equal(first.Requests, Server.World.RequestLog.Count(r => r.StartsWith("GET /production/", StringComparison.Ordinal)));
        string[] sessionLines = _dataset.Lines("sessions.csv");
        Assert.Equal("session_id,athlete_id,date,duration_s,assessment_id,exercise_id,session_name,s3_key,extra,deleted_at", sessionLines[0]);
        Assert.Equal(sessions + 1, sessionLines.Length);
        Assert.Equal(Data.Sessions.Select(s => s.Id).OrderBy(i => i, StringComparer.Ordinal), sessionLines.Skip(1).Select(l => l.Split(',')[0]));
        var seed = Data.Sessions[0];
        string row = sessionLines.Single(l => l.StartsWith(seed.Id, StringComparison.Ordinal));
        Assert.Contains(seed.Date.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), row);
        Assert.Contains("\"{\"\"Frame Rate\"\":60,\"\"Organization ID\"\":\"\"org-7Q2X\"\"}\"", row); // unknown fields as JSON text
        Assert.Equal(Data.Athletes.Length + 1, _dataset.Lines("athletes.csv").Length);
        string[] reports = _dataset.Lines("reports.csv");
        Assert.Equal("session_id,group,metric,side,athlete_id,avg_max,score,extra", reports[0]);
        Assert.Contains(reports, l => l.StartsWith(seed.Id + ",Ang,", StringComparison.Ordinal) && l.Contains(",L,", StringComparison.Ordinal));
        Assert.Equal(reports.Length - 1, reports.Skip(1).Select(l => string.Join(",", l.Split(',').Take(4))).Distinct().Count()); // one row per key
        Assert.False(Directory.Exists(_dataset.File("ik")));

        var before = _dataset.Hashes();
        var timesBefore = Directory.EnumerateFiles(_dataset.Folder, "*.csv").ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Server.World.ClearRequestLog();
        ValorSyncResult second = await Sync();

        Assert.Equal(0, second.New);
        Assert.Equal(sessions, second.Unchanged);
        Assert.Equal(0, second.Files);
        Assert.All(Server.World.RequestLog, r => Assert.Matches("^GET /production/(sessions|athletes)", r));
        Assert.Empty(DatasetFolder.Differences(before, _dataset.Hashes()));
        Assert.All(timesBefore, pair => Assert.Equal(pair.Value, File.GetLastWriteTimeUtc(pair.Key))); // not rewritten
        Assert.Equal(2, SyncStateStore.ReadRunLog(_dataset.Folder).Count);
    }

    [Fact]
    public async Task Sessions_that_arrive_later_are_fetched_once_and_a_deleted_session_is_kept_and_marked()
    {
        await Sync();
        var late = Data.ArriveLater(3);
        string removed = Data.Sessions.Last().Id;
        Assert.True(Data.Remove(removed));
        Server.World.ClearRequestLog();

        ValorSyncResult result = await Sync();

        Assert.Equal(3, result.New);
        Assert.Equal(1, result.Deleted);
        Assert.Equal(late.Select(s => s.S3Key).OrderBy(k => k), Requests("reportData").Select(r => Uri.UnescapeDataString(r.Split("s3Key=")[1])).OrderBy(k => k));
        string[] lines = _dataset.Lines("sessions.csv");
        Assert.All(late, s => Assert.Single(lines, l => l.StartsWith(s.Id + ",", StringComparison.Ordinal)));
        string deletedRow = Assert.Single(lines, l => l.StartsWith(removed + ",", StringComparison.Ordinal));
        Assert.Matches(@",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", deletedRow);
        Assert.Contains(_dataset.Lines("reports.csv"), l => l.StartsWith(removed + ",", StringComparison.Ordinal)); // its data stays

        ValorSyncResult again = await Sync();
        Assert.Equal(0, again.Deleted); // marked once
    }

    [Fact]
    public async Task IK_data_is_one_file_per_session_and_two_syncs_of_the_same_data_are_byte_identical()
    {
        string athlete = SmallAthlete;
        var expected = Data.Sessions.Where(s => s.Athlete.Id == athlete).ToList();
        using var other = new DatasetFolder();

        ValorSyncResult result = await Sync(o => { o.IncludeIKData = true; o.AthleteIds = new[] { athlete }; o.Format = DataFormat.CsvGzip; o.PageSize = 4; });
        await Sync(o => { o.IncludeIKData = true; o.AthleteIds = new[] { athlete }; o.Format = DataFormat.CsvGzip; o.PageSize = 4; }, other.Folder);

        Assert.Equal(expected.Count, result.New);
        Assert.All(Requests("sessions"), r => Assert.Contains("athleteID=" + athlete, r));
        var files = Directory.GetFiles(_dataset.File("ik/" + athlete)).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(expected.Select(s => s.Id + ".csv.gz").OrderBy(f => f, StringComparer.Ordinal), files);
        var seed = expected[0];
        using (var gzip = new GZipStream(File.OpenRead(_dataset.File($"ik/{athlete}/{seed.Id}.csv.gz")), CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip))
        {
            string[] lines = reader.ReadToEnd().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("session_id,athlete_id,frame,time_s,joint,angle,velocity,acceleration", lines[0]);
            int joints = seed.Exercise.SidedJoints.Length * 2 + seed.Exercise.CentralJoints.Length;
            Assert.Equal(seed.FrameCount * joints, lines.Length - 1);
            Assert.True(result.Rows >= lines.Length - 1);
        }
        Assert.Equal(_dataset.Hashes(), other.Hashes());

        // Asking for IK data later fetches only the IK data of sessions stored without it.
        using var third = new DatasetFolder();
        await Sync(o => o.AthleteIds = new[] { athlete }, third.Folder);
        Server.World.ClearRequestLog();
        ValorSyncResult withIK = await Sync(o => { o.IncludeIKData = true; o.AthleteIds = new[] { athlete }; }, third.Folder);
        Assert.Equal(expected.Count, withIK.Changed);
        Assert.Empty(Requests("reportData"));
        Assert.Equal(expected.Count, Requests("ikData").Count);
    }

    [Fact]
    public async Task A_report_Valor_does_not_have_is_stored_as_no_report_and_reported_once()
    {
        var missing = Data.Sessions.First(s => s.Athlete.Id == SmallAthlete);
        missing.ReportMissing = true;
        try
        {
            ValorSyncResult first = await Sync(o => o.AthleteIds = new[] { SmallAthlete });

            var error = Assert.Single(_dataset.Errors);
            Assert.Equal(missing.Id, error.Key);
            Assert.Equal(SportsData.ErrorIds.Valor.ReportMissing, ((SportsDataException)error.Error).ErrorId);
            Assert.Contains("-RecheckMissingReports", error.Error.Message);
            Assert.Equal(0, first.Failed); // stored, not failed
            string[] rows = File.ReadAllLines(_dataset.File("reports_missing.csv"));
            Assert.Equal("session_id,athlete_id,s3_key,checked_at,message", rows[0]);
            Assert.StartsWith(missing.Id + "," + missing.Athlete.Id + "," + missing.S3Key + "," + DatasetCsv.UtcTime(first.StartTime) + ",", Assert.Single(rows.Skip(1)));
            Assert.DoesNotContain(missing.Id, File.ReadAllText(_dataset.File("reports.csv")));
            var logged = SyncHistory.Read(_dataset.Folder)[0];
            Assert.Equal((SyncRunOutcome.CompletedWithErrors, 1), (logged.Outcome, logged.Errors));

            Server.World.ClearRequestLog();
            ValorSyncResult second = await Sync(o => o.AthleteIds = new[] { SmallAthlete });
            Assert.Single(_dataset.Errors); // not reported again
            Assert.Empty(Requests("reportData")); // nor asked again
            Assert.Equal(0, second.New + second.Changed + second.Failed);
            Assert.Equal(SyncRunOutcome.Completed, SyncHistory.Read(_dataset.Folder)[0].Outcome);

            ValorSyncResult recheck = await Sync(o => { o.AthleteIds = new[] { SmallAthlete }; o.RecheckMissingReports = true; });
            Assert.Single(Requests("reportData"));
            Assert.Single(_dataset.Errors); // still missing: asked, still not reported again
            Assert.Equal(1, recheck.Changed);

            missing.ReportMissing = false; // Valor made the report after all
            await Sync(o => { o.AthleteIds = new[] { SmallAthlete }; o.RecheckMissingReports = true; });
            Assert.Contains(missing.Id, File.ReadAllText(_dataset.File("reports.csv")));
            Assert.Single(File.ReadAllLines(_dataset.File("reports_missing.csv"))); // header only
        }
        finally
        {
            missing.ReportMissing = false;
        }
    }

    [Fact]
    public async Task A_listing_stopped_by_a_fault_continues_from_the_stored_token_without_skipping_or_duplicating()
    {
        using var clean = new DatasetFolder();
        await Sync(o => o.PageSize = 50, clean.Folder);
        Server.World.Valor.ReceivedTokens.Clear();
        int sessionRequests = 0;
        Server.World.RequestReceived += request =>
        {
            if (request.Path.EndsWith("/sessions", StringComparison.Ordinal) && Interlocked.Increment(ref sessionRequests) == 4)
            {
                Server.World.Faults.AddStatus("/production/sessions", 500, times: 50);
            }
        };

        ValorSyncResult stopped = await Sync(o => { o.PageSize = 50; o.Checkpoint = new SyncCheckpointPolicy { EveryItems = 1000 }; });
        Assert.Equal((150, 1), (stopped.New, stopped.Failed)); // the failed listing is one error; the pages before it are stored
        Assert.Equal("all athletes", Assert.Single(_dataset.Errors).Key);
        string? stored = SyncStateStore.Load(_dataset.Folder).Stream("valor/listing/all").Get("continuation");
        Assert.NotNull(stored);
        Assert.Contains(Data.Sessions[149].Id, stored); // the token after page 3, which the failed page 4 was asked with
        Server.World.Faults.Clear();
        Server.World.ClearRequestLog();
        Server.World.Valor.ReceivedTokens.Clear();

        ValorSyncResult rerun = await Sync(o => o.PageSize = 50);

        Assert.Equal(stored, Server.World.Valor.ReceivedTokens.First()); // resumed there
        Assert.Contains("\"\"", Server.World.Valor.ReceivedTokens.Skip(1)); // then one walk from the start
        Assert.Equal(Data.Sessions.Length - 150, rerun.New);
        Assert.Equal(Data.Sessions.Length - 150, Requests("reportData").Count); // nothing fetched twice
        Assert.Empty(DatasetFolder.Differences(clean.Hashes(), _dataset.Hashes()));
    }

    [Fact]
    public async Task A_stored_token_that_Valor_no_longer_accepts_starts_the_listing_over()
    {
        int sessionRequests = 0;
        Server.World.RequestReceived += request =>
        {
            if (request.Path.EndsWith("/sessions", StringComparison.Ordinal) && Interlocked.Increment(ref sessionRequests) == 2)
            {
                Server.World.Faults.AddStatus("/production/sessions", 500, times: 50);
            }
        };
        ValorSyncResult stopped = await Sync(o => o.PageSize = 50);
        Assert.Equal(1, stopped.Failed);
        _dataset.Errors.Clear();
        string stored = SyncStateStore.Load(_dataset.Folder).Stream("valor/listing/all").Get("continuation")!;
        Assert.Contains(Data.Sessions[49].Id, stored);
        Assert.True(Data.Remove(Data.Sessions[49].Id)); // the session the token points at is gone: Valor answers 400
        Server.World.Faults.Clear();

        ValorSyncResult rerun = await Sync(o => o.PageSize = 50);

        Assert.Empty(_dataset.Errors);
        Assert.Equal(Data.Sessions.Length - 49, rerun.New);
        Assert.Equal(1, rerun.Deleted);
        Assert.Null(SyncStateStore.Load(_dataset.Folder).Stream("valor/listing/all").Get("continuation"));
    }

    [Fact]
    public async Task An_athlete_without_sessions_is_an_empty_result_and_a_failed_report_is_retried_next_run()
    {
        string none = Data.Athletes[^1].Id;
        ValorSyncResult empty = await Sync(o => o.AthleteIds = new[] { none });
        Assert.Equal(0, empty.New + empty.Failed);
        Assert.Empty(_dataset.Errors);
        Assert.Single(_dataset.Lines("sessions.csv"));

        string athlete = SmallAthlete;
        var seed = Data.Sessions.First(s => s.Athlete.Id == athlete);
        Server.World.Faults.AddStatus("reportData", 400, times: 1); // a failure (a 404 is "no report": see A_report_Valor_does_not_have_...)
        ValorSyncResult first = await Sync(o => o.AthleteIds = new[] { athlete });
        Assert.Equal(1, first.Failed);
        var failure = Assert.Single(_dataset.Errors);
        Assert.IsAssignableFrom<SportsDataException>(failure.Error);

        Server.World.ClearRequestLog();
        ValorSyncResult second = await Sync(o => o.AthleteIds = new[] { athlete });
        Assert.Equal(1, second.New); // stored for the first time now
        Assert.Single(Requests("reportData"));
        Assert.Equal(0, second.Failed);
    }

    [Fact]
    public async Task An_athletes_endpoint_the_account_lacks_is_a_warning_and_the_sessions_still_sync()
    {
        var log = CapturingLog.Install();
        Server.World.Faults.AddStatus("/production/athletes", 403, times: 1, body: "{\"message\":\"Missing Authentication Token\"}");

        ValorSyncResult result = await Sync(o => o.AthleteIds = new[] { SmallAthlete });

        Assert.Empty(_dataset.Errors);
        Assert.True(result.New > 0);
        Assert.Contains(log.Warnings, w => w.Contains("athletes endpoint", StringComparison.Ordinal));
        Assert.Single(_dataset.Lines("athletes.csv")); // header only, nothing invented
    }

    [Fact]
    public async Task WhatIf_lists_and_reports_without_writing_and_bad_paths_and_a_second_writer_are_refused()
    {
        var planned = new List<string>();
        ValorSyncResult preview = await Sync(o => { o.WhatIf = true; o.ShouldProcess = (target, action) => { planned.Add(action + " on " + target); return Task.FromResult(false); }; o.AthleteIds = new[] { SmallAthlete }; o.IncludeIKData = true; });
        Assert.True(preview.WhatIf);
        Assert.Equal(Data.Sessions.Count(s => s.Athlete.Id == SmallAthlete), preview.New);
        Assert.Equal(preview.New, planned.Count);
        Assert.All(planned, p => Assert.Contains("the report and IK data", p));
        Assert.False(Directory.Exists(_dataset.Folder));
        Assert.Empty(Requests("reportData"));
        Assert.Empty(Requests("ikData"));

        Directory.CreateDirectory(_dataset.Root);
        string file = Path.Combine(_dataset.Root, "a-file");
        File.WriteAllText(file, "x");
        var bad = await Assert.ThrowsAsync<SportsDataException>(() => Sync(path: file));
        Assert.Equal("Path", bad.ParameterName);
        Assert.Contains("-Path", bad.Message);
        Assert.Equal("x", File.ReadAllText(file));

        var parquet = await Assert.ThrowsAsync<SportsDataException>(() => Sync(o => o.Format = DataFormat.Parquet));
        Assert.Equal("Format", parquet.ParameterName);

        Directory.CreateDirectory(_dataset.Folder);
        using (DatasetLock.Acquire(_dataset.Folder))
        {
            var locked = await Assert.ThrowsAsync<SportsDataException>(() => Sync());
            Assert.Equal("Sync.DatasetLocked", locked.ErrorId);
        }
        ValorSyncResult after = await Sync(o => o.AthleteIds = new[] { SmallAthlete });
        Assert.True(after.New > 0);
    }
}
