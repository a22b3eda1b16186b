using System.Text.RegularExpressions;
using SportsData.Http;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Polar;

public class PolarPagingTests : SimulatorTestBase
{
    private static List<(int Page, int PerPage)> PageRequests(SimulatorServer server, string pathPart) =>
        server.World.RequestLog.Where(l => l.Contains(pathPart))
            .Select(l => Regex.Match(l, @"page=(\d+)&per_page=(\d+)"))
            .Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)))
            .ToList();

    [Theory]
    [InlineData(7)]
    [InlineData(50)]
    [InlineData(100)]
    public async Task Every_page_is_fetched_once_with_the_same_per_page_and_nothing_is_lost_or_repeated(int pageSize)
    {
        var (server, connection) = await StartPolarAsync();
        var team = server.World.Polar.Data.Teams[0];
        var sessions = await connection.Client().GetTeamSessionsAsync(team.Id, TestData.AnchorDate.AddDays(-120), null, new PagingOptions(pageSize), None).ToListAsync();

        var expected = team.Sessions.Where(s => s.RecordStartTime > TestData.AnchorDate.AddDays(-120)).Select(s => s.Id).ToList();
        Assert.Equal(expected, sessions.Select(s => s.TeamSessionId));
        var pages = PageRequests(server, "/training_sessions");
        Assert.Equal(Enumerable.Range(0, (expected.Count + pageSize - 1) / pageSize), pages.Select(p => p.Page));
        Assert.All(pages, p => Assert.Equal(pageSize, p.PerPage));
    }

    /// <summary>A cap below the page size asks for one small page; a larger cap stops before pages it does not need.</summary>
    [Theory]
    [InlineData(100, 5, 1, 5)]
    [InlineData(50, 120, 3, 50)]
    public async Task A_cap_fetches_only_the_pages_it_needs(int pageSize, int maxItems, int pages, int perPage)
    {
        var (server, connection) = await StartPolarAsync();
        var team = server.World.Polar.Data.Teams[0];
        var sessions = await connection.Client().GetTeamSessionsAsync(team.Id, null, null, new PagingOptions(pageSize, maxItems: maxItems), None).ToListAsync();
        Assert.Equal(team.Sessions.Take(maxItems).Select(s => s.Id), sessions.Select(s => s.TeamSessionId));
        Assert.Equal(Enumerable.Range(0, pages).Select(page => (page, perPage)), PageRequests(server, "/training_sessions"));
    }

    [Fact]
    public async Task Stopping_early_fetches_no_further_page()
    {
        var (server, connection) = await StartPolarAsync();
        var team = server.World.Polar.Data.Teams[0];
        int taken = 0;
        await foreach (var _ in connection.Client().GetTeamSessionsAsync(team.Id, null, null, new PagingOptions(10), None))
        {
            if (++taken == 15) break;
        }
        Assert.Equal(new[] { (0, 10), (1, 10) }, PageRequests(server, "/training_sessions"));
    }

    [Fact]
    public async Task An_empty_range_makes_one_request_and_returns_nothing()
    {
        var (server, connection) = await StartPolarAsync();
        var team = server.World.Polar.Data.Teams[0];
        var sessions = await connection.Client().GetTeamSessionsAsync(team.Id, TestData.AnchorDate.AddDays(10), null, new PagingOptions(100), None).ToListAsync();
        Assert.Empty(sessions);
        Assert.Single(PageRequests(server, "/training_sessions"));
    }

    [Fact]
    public async Task Paging_reports_progress_with_the_total()
    {
        var (server, connection) = await StartPolarAsync();
        var log = CapturingLog.Install();
        var team = server.World.Polar.Data.Teams[1];
        var sessions = await connection.Client().GetTeamSessionsAsync(team.Id, null, null, new PagingOptions(40), None).ToListAsync();
        Assert.Equal(team.Sessions.Count, sessions.Count);
        var reports = log.ProgressReports.ToList();
        Assert.Equal((team.Sessions.Count + 39) / 40, reports.Count);
        Assert.All(reports, r => Assert.Equal(team.Sessions.Count, r.Total));
        Assert.Equal(team.Sessions.Count, reports[^1].Done);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Page_size_out_of_range_is_rejected_naming_the_parameter(int pageSize)
    {
        var (server, connection) = await StartPolarAsync();
        var error = await Assert.ThrowsAsync<SportsDataException>(() => connection.Client().GetTeamsAsync(new PagingOptions(pageSize), None).ToListAsync());
        Assert.Equal("PageSize", error.ParameterName);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains("1 to 100", error.Message);
    }

    [Fact]
    public async Task Since_after_until_is_rejected_before_any_request()
    {
        var (server, connection) = await StartPolarAsync();
        server.World.ClearRequestLog();
        var error = Assert.Throws<SportsDataException>(() => connection.Client().GetTeamSessionsAsync("x", new DateTime(2026, 2, 1), new DateTime(2026, 1, 1), new PagingOptions(100), None));
        Assert.Equal("Until", error.ParameterName);
        Assert.Empty(server.World.RequestLog);
    }

    [Fact]
    public async Task Invalid_session_type_is_rejected_naming_the_parameter()
    {
        var (server, connection) = await StartPolarAsync();
        var error = Assert.Throws<SportsDataException>(() => connection.Client().GetPlayerSessionsAsync("p", null, null, "GROUP", new PagingOptions(100), None));
        Assert.Equal("Type", error.ParameterName);
        Assert.Contains("ALL, TEAM or INDIVIDUAL", error.Message);
    }
}
