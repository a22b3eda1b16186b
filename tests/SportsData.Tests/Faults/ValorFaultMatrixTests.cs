using System.Globalization;
using SportsData.Sandbox.Valor;
using SportsData.Tests.Infrastructure;
using SportsData.Valor;

namespace SportsData.Tests.Faults;

/// <summary>Every fault kind × every Valor endpoint family, over loopback: the exact result, every item once.</summary>
public class ValorFaultMatrixTests : SimulatorTestBase
{
    /// <summary>The endpoint families, by name: the read each repeats under a fault and the request the fault hits.</summary>
    private static readonly Dictionary<string, Func<ValorClient, ValorDemoData, FaultRead>> Families = new()
    {
        // The fault hits the third page: the request carries a continuation token that must be sent again as is.
        ["Sessions_listing_with_continuation_tokens"] = (client, _) => new FaultRead("/production/sessions", 3,
            async () => (await client.GetSessionsAsync(new ValorSessionQuery { PageSize = 20, MaxItems = 90 }, None).ToListAsync()).Select(s => s.SessionId).ToList()),
        ["Athletes"] = (client, _) => new FaultRead("/production/athletes", 1,
            async () => (await client.GetAthletesAsync(None).ToListAsync()).Select(a => a.AthleteId + "|" + a.Name).ToList()),
        ["Reports"] = (client, data) =>
        {
            var seeds = data.Sessions.Take(3).ToArray();
            return new FaultRead("/production/reportData", 2, async () =>
            {
                var rows = new List<string>();
                foreach (var seed in seeds)
                {
                    foreach (var r in await client.GetReportAsync(seed.S3Key, seed.Id, seed.Athlete.Id, None))
                    {
                        rows.Add(string.Create(CultureInfo.InvariantCulture, $"{r.SessionId}|{r.Metric}|{r.Side}|{r.AvgMax}|{r.Score}"));
                    }
                }
                return rows;
            });
        },
        ["Inverse_kinematics"] = (client, data) =>
        {
            var seeds = data.Sessions.Skip(5).Take(2).ToArray();
            return new FaultRead("/production/ikData", 2, async () =>
            {
                var rows = new List<string>();
                foreach (var seed in seeds)
                {
                    await foreach (var f in client.GetIKDataAsync(seed.S3Key, seed.Id, seed.Athlete.Id, null, None))
                    {
                        rows.Add(string.Create(CultureInfo.InvariantCulture, $"{f.SessionId}|{f.Frame}|{f.Joint}|{f.Angle}"));
                    }
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
        var (server, connection) = await StartValorAsync(connect: o => o.Retry = FaultMatrix.Retry(kind));
        FaultRead read = Families[family](connection.Client(), server.World.Valor.Data);
        // Token requests: Cognito sign-ins and renewals (InitiateAuth is a POST to the endpoint's root).
        await FaultMatrix.AssertReadSurvives(server, kind, read, () => server.World.RequestLog.Count(l => l == "POST /"));
    }
}
