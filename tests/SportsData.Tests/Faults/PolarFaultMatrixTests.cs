using System.Globalization;
using SportsData.Http;
using SportsData.Polar;
using SportsData.Sandbox.Polar;
using SportsData.Tests.Infrastructure;

namespace SportsData.Tests.Faults;

/// <summary>Every fault kind × every Polar endpoint family, over loopback: the exact result, every item once.</summary>
public class PolarFaultMatrixTests : SimulatorTestBase
{
    /// <summary>The endpoint families, by name: the read each repeats under a fault and the request the fault hits.</summary>
    private static readonly Dictionary<string, Func<PolarClient, PolarDemoData, FaultRead>> Families = new()
    {
        ["Listing_pages"] = (client, data) =>
        {
            var team = data.Teams[0];
            Assert.True(team.Sessions.Count > 10, "the listing must span several pages");
            // The fault hits the second page, in the middle of the listing.
            return new FaultRead("/v1/teams/" + team.Id + "/training_sessions", 2,
                async () => (await client.GetTeamSessionsAsync(team.Id, null, null, new PagingOptions(25), None).ToListAsync()).Select(s => s.TeamSessionId).ToList());
        },
        ["Details"] = (client, data) =>
        {
            var seed = data.Teams[0].Sessions[2];
            return new FaultRead("/v1/teams/training_sessions/" + seed.Id, 1, async () =>
            {
                var details = await client.GetTeamSessionAsync(seed.Id, None);
                return details.Participants.Select(p => p.PlayerSessionId + "|" + p.PlayerId).Prepend(details.TeamSessionId).ToList();
            });
        },
        ["Samples"] = (client, data) =>
        {
            var team = data.Teams[0].Sessions[0];
            var first = team.Participants[0];
            var second = team.Participants[1];
            // Two player sessions in a row, the fault on the second: an export in progress.
            return new FaultRead("/v1/training_sessions/", 2, async () =>
            {
                var rows = new List<string>();
                foreach (var seed in new[] { first, second })
                {
                    await foreach (var batch in client.GetSamplesAsync(seed.Id, PolarSampleType.HR | PolarSampleType.Speed, seed.Player.Id, team.Id, None))
                    {
                        rows.AddRange(batch.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.PlayerSessionId}|{s.Offset.Ticks}|{s.HeartRate}|{s.Speed}")));
                    }
                }
                Assert.Equal(first.SampleCount + second.SampleCount, rows.Count);
                return rows;
            });
        },
        ["Summaries"] = (client, data) =>
        {
            var team = data.Teams[0].Sessions[1];
            return new FaultRead("/session_summary", 3, async () =>
            {
                var rows = new List<string>();
                foreach (var seed in team.Participants.Take(4))
                {
                    var summary = await client.GetSessionSummaryAsync(seed.Id, seed.Player.Id, team.Id, None);
                    rows.Add(string.Create(CultureInfo.InvariantCulture, $"{summary.PlayerSessionId}|{summary.Duration}|{summary.DistanceMeters}|{summary.HeartRateAvg}"));
                }
                return rows;
            });
        },
    };

    public static TheoryData<string, FaultKind> Cases => FaultMatrix.Cross(Families.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_read_survives_every_fault(string family, FaultKind kind)
    {
        var (server, connection) = await StartPolarAsync(connect: o =>
        {
            o.Retry = FaultMatrix.Retry(kind);
            o.RateLimitPerSecond = 50; // a 429 drains the client's bucket; refill fast so the rest of the case is quick
        });
        FaultRead read = Families[family](connection.Client(), server.World.Polar.Data);
        await FaultMatrix.AssertReadSurvives(server, kind, read, () => FaultMatrix.Count(server, "POST /oauth/token"));
    }
}
