using SportsData.Http;
using SportsData.Polar;
using SportsData.Sandbox.Polar;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Polar;

/// <summary>Every Polar endpoint over loopback HTTP, checked against the simulator's dataset.</summary>
public class PolarEndpointTests : PolarClientTestBase
{
    [Fact]
    public async Task Teams_list_maps_ids_names_and_utc_times()
    {
        var teams = await Client.GetTeamsAsync(new PagingOptions(100), None).ToListAsync();
        Assert.Equal(Data.Teams.Select(t => t.Id), teams.Select(t => t.TeamId));
        Assert.Equal("Northside FC", teams[0].Name);
        Assert.Equal(DateTimeKind.Utc, teams[0].Created!.Value.Kind);
        Assert.Equal(Data.Teams[0].Created, teams[0].Created);
    }

    [Fact]
    public async Task Team_details_include_roster_and_sport_profiles()
    {
        TeamSeed seed = Data.Teams[1];
        var team = await Client.GetTeamAsync(seed.Id, None);
        Assert.Equal(seed.Players.Count, team.Players.Length);
        Assert.All(team.Players, p => Assert.Equal(seed.Id, p.TeamId));
        Assert.Equal(seed.Players[3].LastName, team.Players[3].LastName);
        Assert.Equal(seed.Players[3].Number, team.Players[3].PlayerNumber);
        Assert.Equal(2, team.SportProfiles.Length);
        Assert.Equal("100-120;120-140;140-160;160-180;180-200", team.SportProfiles[0].HeartRateZones);
    }

    [Fact]
    public async Task Sport_profiles_endpoint_maps_thresholds_and_zones()
    {
        var profiles = await Client.GetSportProfilesAsync(Data.Teams[0].Id, None);
        Assert.Equal(new[] { "SOCCER", "RUNNING" }, profiles.Select(p => p.Sport));
        Assert.Equal(2.8, profiles[0].SprintThreshold);
        Assert.Equal("GPS_ON_10_HZ", profiles[0].GpsState);
        Assert.Equal("-3;-2;-1;1;2;3", profiles[0].AccelerationZones);
    }

    [Fact]
    public async Task Team_sessions_filter_on_record_start_time_with_local_times()
    {
        TeamSeed seed = Data.Teams[0];
        DateTime since = TestData.AnchorDate.AddDays(-30), until = TestData.AnchorDate.AddDays(-10);
        var sessions = await Client.GetTeamSessionsAsync(seed.Id, since, until, new PagingOptions(100), None).ToListAsync();
        var expected = seed.Sessions.Where(s => s.RecordStartTime > since && s.RecordStartTime < until).Select(s => s.Id).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, sessions.Select(s => s.TeamSessionId));
        Assert.All(sessions, s => Assert.Equal(DateTimeKind.Unspecified, s.StartTime!.Value.Kind));
        Assert.Contains(Server.World.RequestLog, line => line.Contains("since=" + since.ToString("yyyy-MM-dd'T'HH:mm:ss")));
        Assert.Contains(sessions, s => s.Type == "STRENGTH AND CONDITION");
    }

    [Fact]
    public async Task Team_session_details_have_participants_markers_zones_and_keep_unknown_fields()
    {
        TeamSessionSeed seed = Data.Teams[0].Sessions[5];
        var details = await Client.GetTeamSessionAsync(seed.Id, None);
        Assert.Equal(seed.Participants.Select(p => p.Id), details.Participants.Select(p => p.PlayerSessionId));
        Assert.All(details.Participants, p => Assert.Equal(seed.Id, p.TeamSessionId));
        Assert.Equal(new[] { "Warm-up", "Main part", "Cool-down" }, details.Markers.Select(m => m.Name));
        Assert.Equal(5, details.HeartRateZones.Length);
        Assert.Equal(seed.Duration, TimeSpan.FromTicks(details.HeartRateZones.Sum(z => z.InZone!.Value.Ticks)));
        Assert.Equal("kept by the client", details.AdditionalProperties["future_field"]);
    }

    [Theory]
    [InlineData("ALL")]
    [InlineData("TEAM")]
    [InlineData("INDIVIDUAL")]
    public async Task Player_sessions_filter_by_type(string type)
    {
        PlayerSeed player = Data.Teams[0].Players[0]; // index 0 logs individual sessions too
        var sessions = await Client.GetPlayerSessionsAsync(player.Id, null, null, type, new PagingOptions(100), None).ToListAsync();
        var expected = Data.PlayerSessions(player).Where(s => type == "ALL" || s.Type == type).Select(s => s.Id).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, sessions.Select(s => s.PlayerSessionId));
        Assert.All(sessions, s => Assert.Equal(player.Id, s.PlayerId));
    }

    [Fact]
    public async Task Player_session_details_map_durations_and_rr_intervals()
    {
        PlayerSessionSeed seed = Data.Teams[0].Sessions[0].Participants[0];
        var details = await Client.GetPlayerSessionAsync(seed.Id, PolarSampleType.None, seed.Player.Id, null, None);
        Assert.Equal(seed.Duration, details.Duration);
        Assert.Equal(seed.StartTime, details.StartTime);
        Assert.NotNull(details.RecoveryTime);
        Assert.Null(details.Samples);
        Assert.NotNull(details.RRIntervals);
        Assert.Contains(details.RRIntervals!, v => v == null);
        Assert.NotNull(details.StartTimeOffset);
    }

    [Fact]
    public async Task Player_session_details_with_samples_attach_every_row()
    {
        PlayerSessionSeed seed = Data.Teams[1].Sessions[2].Participants[1];
        var details = await Client.GetPlayerSessionAsync(seed.Id, PolarSampleType.HR | PolarSampleType.Location, seed.Player.Id, null, None);
        Assert.Equal(seed.SampleCount, details.Samples!.Length);
        Assert.All(details.Samples!.Take(50), s => Assert.Null(s.Speed));
        Assert.Contains(details.Samples!, s => s.Latitude != null);
    }

    [Fact]
    public async Task Samples_stream_one_row_per_sample_time_with_nulls_for_short_rows()
    {
        TeamSessionSeed team = Data.Teams[0].Sessions[1];
        PlayerSessionSeed seed = team.Participants[2];
        var rows = new List<PolarSample>();
        int batches = 0;
        await foreach (var batch in Client.GetSamplesAsync(seed.Id, PolarSampleType.All, seed.Player.Id, team.Id, None))
        {
            rows.AddRange(batch);
            batches++;
        }
        Assert.Equal(seed.SampleCount, rows.Count);
        Assert.True(batches > 1, "rows are handed out in batches as they are parsed");
        Assert.Equal(TimeSpan.Zero, rows[0].Offset);
        Assert.Equal(TimeSpan.FromSeconds(0.1), rows[1].Offset);
        Assert.Equal(TimeSpan.FromSeconds(754.3), rows[7543].Offset);
        Assert.Equal(seed.StartTime + TimeSpan.FromSeconds(754.3), rows[7543].Time);
        Assert.All(rows, r => Assert.Equal(team.Id, r.TeamSessionId));
        // Drop-outs: the heart rate is missing in some rows (a null in the row), and rows whose trailing
        // values (GPS, RR) are missing are shorter than "fields": those columns are null, the rest present.
        Assert.Contains(rows, r => r.HeartRate == null && r.Speed != null);
        Assert.Contains(rows, r => r.Latitude == null && r.Distance != null);
        Assert.Contains(rows, r => r.RR != null);
        Assert.Contains(rows, r => r.RR == null && r.ForwardAcceleration != null);
    }

    [Fact]
    public async Task RR_intervals_become_rows_with_gaps_and_elapsed_time()
    {
        PlayerSessionSeed seed = Data.Teams[0].Sessions[0].Participants[0];
        var intervals = await Client.GetRRIntervalsAsync(seed.Id, seed.Player.Id, null, None);
        Assert.NotEmpty(intervals);
        Assert.Contains(intervals, i => i.IntervalMs == null);
        Assert.Equal(Enumerable.Range(0, intervals.Length), intervals.Select(i => i.Index));
        var last = intervals[^1];
        Assert.Equal(TimeSpan.FromMilliseconds(intervals.Take(intervals.Length - 1).Sum(i => i.IntervalMs ?? 0)), last.Elapsed);
    }

    [Fact]
    public async Task Session_summary_reads_decimal_speeds_typed_integer_and_iso_durations()
    {
        PlayerSessionSeed seed = Data.Teams[0].Sessions[3].Participants[0];
        var summary = await Client.GetSessionSummaryAsync(seed.Id, seed.Player.Id, seed.TeamSession!.Id, None);
        Assert.Equal(seed.Id, summary.PlayerSessionId);
        Assert.NotNull(summary.SpeedAvgKmh);
        Assert.NotEqual(Math.Round(summary.SpeedAvgKmh!.Value), summary.SpeedAvgKmh!.Value, 3);
        Assert.Equal(TimeSpan.FromSeconds(4.2), summary.OutOfPowerZones);
        Assert.Equal(6, summary.AccelerationZones.Length);
        Assert.Null(summary.PhaseName);
    }

    [Fact]
    public async Task Phase_summaries_return_one_row_per_phase()
    {
        PlayerSessionSeed seed = Data.Teams[1].Sessions[0].Participants[0];
        var phases = await Client.GetPhaseSummariesAsync(seed.Id, seed.Player.Id, seed.TeamSession!.Id, None);
        Assert.Equal(new[] { "Warm-up", "Main part", "Cool-down" }, phases.Select(p => p.PhaseName));
        Assert.Equal(seed.TeamSession.Duration, TimeSpan.FromTicks(phases.Sum(p => p.Duration!.Value.Ticks)));
    }

    [Fact]
    public async Task Unknown_ids_are_not_found_errors_with_the_server_message()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => Client.GetTeamAsync("nope", None));
        Assert.Equal("PolarApi.NotFound", error.ErrorId);
        Assert.Equal(FailureKind.NotFound, error.Kind);
        Assert.Contains("doesn't match any of user's records", error.Message);
    }

    [Fact]
    public async Task Individual_sessions_have_no_team_summary()
    {
        PlayerSessionSeed individual = Data.Teams[0].Players[0].IndividualSessions[0];
        var error = await Assert.ThrowsAsync<ApiException>(() => Client.GetSessionSummaryAsync(individual.Id, null, null, None));
        Assert.Equal(FailureKind.NotFound, error.Kind);
    }
}
