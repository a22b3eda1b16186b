using SportsData.Http;
using SportsData.Polar;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Faults;

/// <summary>A 2xx whose body is cut short or is not JSON is retried like a dropped connection, then reported as &lt;Vendor&gt;Api.InvalidResponse.</summary>
public class InvalidBodyTests : SimulatorTestBase
{
    [Fact]
    public async Task A_cut_sample_body_is_fetched_again_and_every_row_comes_once()
    {
        var (server, connection) = await StartPolarAsync();
        var seed = server.World.Polar.Data.Teams[0].Sessions[0].Participants[1];
        var log = CapturingLog.Install();
        server.World.Faults.AddCutBody("/v1/training_sessions/", times: 2);

        var offsets = new List<TimeSpan>();
        await foreach (var batch in connection.Client().GetSamplesAsync(seed.Id, PolarSampleType.HR, null, null, None)) offsets.AddRange(batch.Select(s => s.Offset));

        Assert.Equal(seed.SampleCount, offsets.Count);
        Assert.Equal(offsets.Count, offsets.Distinct().Count());
        Assert.Equal(0, server.World.Faults.Pending);
        Assert.Equal(3, server.World.RequestLog.Count(l => l.StartsWith("GET /v1/training_sessions/" + seed.Id, StringComparison.Ordinal)));
        Assert.Equal(2, log.Lines.Count(l => l.Contains("InvalidResponse") && l.Contains("retrying")));
    }

    [Fact]
    public async Task A_body_that_stays_cut_fails_with_a_specific_error_naming_the_request_and_yields_no_row()
    {
        var (server, connection) = await StartPolarAsync(connect: o => o.Retry.MaxRetryAttempts = 2);
        var seed = server.World.Polar.Data.Teams[0].Sessions[0].Participants[0];
        server.World.Faults.AddCutBody("/v1/training_sessions/", times: 10);

        long rows = 0;
        var error = await Assert.ThrowsAsync<SportsDataException>(async () =>
        {
            await foreach (var batch in connection.Client().GetSamplesAsync(seed.Id, PolarSampleType.All, null, null, None)) rows += batch.Count;
        });

        Assert.Equal(0, rows);
        Assert.Equal("PolarApi.InvalidResponse", error.ErrorId);
        Assert.Equal(FailureKind.InvalidData, error.Kind);
        Assert.Contains("GET " + server.Url("v1/training_sessions/" + seed.Id).AbsoluteUri, error.Message);
        Assert.Contains("Run the command again", error.Message);
        Assert.Equal(10 - 3, server.World.Faults.Pending);
    }

    [Theory]
    [InlineData("{\"data\":[{\"id\":\"x\"}],\"page\":{\"page_number\":0,\"page_size\":100,\"total_elements\":1,\"total_pages\":1}")] // cut: no closing brace
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("{\"data\":\"not a list\"}")]
    public async Task A_listing_page_that_is_not_the_documented_json_is_retried(string body)
    {
        var (server, connection) = await StartPolarAsync();
        server.World.Faults.AddStatus("/v1/teams", 200, times: 2, body: body);

        var teams = await connection.Client().GetTeamsAsync(new PagingOptions(100), None).ToListAsync();

        Assert.Equal(server.World.Polar.Data.Teams.Select(t => t.Id), teams.Select(t => t.TeamId));
        Assert.Equal(0, server.World.Faults.Pending);
    }

    [Fact]
    public void A_sample_body_with_a_valid_prefix_but_cut_after_the_samples_is_rejected()
    {
        byte[] whole = System.Text.Encoding.UTF8.GetBytes("{\"data\":{\"start_time\":\"2026-01-01T10:00:00\",\"samples\":{\"fields\":[\"time\",\"hr\"],\"values\":[[\"PT0S\",100],[\"PT0.1S\",101]]},\"x\":1}}");
        Assert.Equal(2, Read(whole, whole.Length));
        // Cut just before the last closing brace: every row is complete, but the body is not.
        var error = Assert.Throws<SportsDataException>(() => Read(whole, whole.Length - 1));
        Assert.Equal(FailureKind.InvalidData, error.Kind);
        // Trailing garbage after the object is not one JSON value either.
        byte[] trailing = whole.Concat(System.Text.Encoding.UTF8.GetBytes("{")).ToArray();
        Assert.ThrowsAny<Exception>(() => Read(trailing, trailing.Length));
    }

    private static int Read(byte[] body, int length)
    {
        var reader = PolarSampleReader.Open(body, length, "ps1", null, null);
        var rows = new List<PolarSample>();
        while (reader.ReadBatch(rows, 100) > 0) { }
        return rows.Count;
    }
}
