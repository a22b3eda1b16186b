using SportsData.Http;
using SportsData.Polar;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Polar;

public class PolarSmokeTests : SimulatorTestBase
{
    [Fact]
    public async Task Teams_sessions_and_samples_round_trip_over_loopback()
    {
        var (server, connection) = await StartPolarAsync();
        var client = connection.Client();
        var teams = await client.GetTeamsAsync(new PagingOptions(100), CancellationToken.None).ToListAsync();
        Assert.Equal(2, teams.Count);
        var sessions = await client.GetTeamSessionsAsync(teams[0].TeamId, TestData.AnchorDate.AddDays(-7), null, new PagingOptions(100), CancellationToken.None).ToListAsync();
        Assert.NotEmpty(sessions);
        var details = await client.GetTeamSessionAsync(sessions[0].TeamSessionId, CancellationToken.None);
        Assert.NotEmpty(details.Participants);
        long rows = 0;
        await foreach (var batch in client.GetSamplesAsync(details.Participants[0].PlayerSessionId, PolarSampleType.HR | PolarSampleType.Speed, null, null, CancellationToken.None))
        {
            rows += batch.Count;
        }
        Assert.Equal((long)(details.Participants.Length > 0 ? (sessions[0].EndTime - sessions[0].StartTime)!.Value.TotalSeconds * 10 : 0), rows);
    }
}
