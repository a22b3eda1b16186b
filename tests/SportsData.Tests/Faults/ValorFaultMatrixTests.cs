using System.Globalization;
using SportsData.Tests.Infrastructure;
using SportsData.Valor;

namespace SportsData.Tests.Faults;

/// <summary>Every fault kind × every Valor endpoint family, over loopback: the exact result, every item once.</summary>
public class ValorFaultMatrixTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<(SimulatorServer Server, SportsData.Connections.ValorConnection Connection)> StartAsync(FaultKind kind)
    {
        var server = await SimulatorServer.StartAsync();
        var connection = await ValorTestConnection.ConnectAsync(server, o => o.Retry = FaultMatrix.Retry(kind));
        return (server, connection);
    }

    /// <summary>Cognito sign-ins and renewals (InitiateAuth is a POST to the endpoint's root).</summary>
    private static Func<int> TokenRequests(SimulatorServer server) => () => server.World.RequestLog.Count(l => l == "POST /");

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Sessions_listing_with_continuation_tokens(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        // The fault hits the third page: the request carries a continuation token that must be sent again as is.
        await FaultMatrix.AssertReadSurvives(server, kind, "/production/sessions", 3,
            async () => (await connection.Client().GetSessionsAsync(new ValorSessionQuery { PageSize = 20, MaxItems = 90 }, None).ToListAsync()).Select(s => s.SessionId).ToList(),
            TokenRequests(server));
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Athletes(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        await FaultMatrix.AssertReadSurvives(server, kind, "/production/athletes", 1,
            async () => (await connection.Client().GetAthletesAsync(None).ToListAsync()).Select(a => a.AthleteId + "|" + a.Name).ToList(),
            TokenRequests(server));
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Reports(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        var seeds = server.World.Valor.Data.Sessions.Take(3).ToArray();
        await FaultMatrix.AssertReadSurvives(server, kind, "/production/reportData", 2,
            async () =>
            {
                var rows = new List<string>();
                foreach (var seed in seeds)
                {
                    foreach (var r in await connection.Client().GetReportAsync(seed.S3Key, seed.Id, seed.Athlete.Id, None))
                    {
                        rows.Add(string.Create(CultureInfo.InvariantCulture, $"{r.SessionId}|{r.Metric}|{r.Side}|{r.AvgMax}|{r.Score}"));
                    }
                }
                return rows;
            },
            TokenRequests(server));
    }

    [Theory]
    [MemberData(nameof(FaultMatrix.Kinds), MemberType = typeof(FaultMatrix))]
    public async Task Inverse_kinematics(FaultKind kind)
    {
        var (server, connection) = await StartAsync(kind);
        await using var _ = server;
        using var __ = connection;
        var seeds = server.World.Valor.Data.Sessions.Skip(5).Take(2).ToArray();
        await FaultMatrix.AssertReadSurvives(server, kind, "/production/ikData", 2,
            async () =>
            {
                var rows = new List<string>();
                foreach (var seed in seeds)
                {
                    await foreach (var f in connection.Client().GetIKDataAsync(seed.S3Key, seed.Id, seed.Athlete.Id, null, None))
                    {
                        rows.Add(string.Create(CultureInfo.InvariantCulture, $"{f.SessionId}|{f.Frame}|{f.Joint}|{f.Angle}"));
                    }
                }
                return rows;
            },
            TokenRequests(server));
    }
}
