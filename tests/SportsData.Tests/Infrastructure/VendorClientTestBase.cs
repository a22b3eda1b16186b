using SportsData.Aikynetix;
using SportsData.Connections;
using SportsData.Polar;
using SportsData.Sandbox.Aikynetix;
using SportsData.Sandbox.Polar;
using SportsData.Sandbox.Valor;
using SportsData.Tests.Aikynetix;
using SportsData.Valor;

namespace SportsData.Tests.Infrastructure;

/// <summary>
/// Base of the tests of one vendor's client: before each test a simulator starts and a connection signs in to it
/// (both closed after the test), so a test class does not repeat that set-up.
/// </summary>
public abstract class VendorClientTestBase<TConnection> : SimulatorTestBase where TConnection : IDisposable
{
    protected TConnection Connection { get; private set; } = default!;

    /// <summary>Signs in to <paramref name="server"/> with the vendor's demo account (the connection is owned by the test).</summary>
    protected abstract Task<TConnection> ConnectAsync(SimulatorServer server);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Connection = await ConnectAsync(await StartServerAsync());
    }
}

public abstract class PolarClientTestBase : VendorClientTestBase<PolarConnection>
{
    protected PolarClient Client => Connection.Client();
    protected PolarDemoData Data => Server.World.Polar.Data;
    protected override Task<PolarConnection> ConnectAsync(SimulatorServer server) => ConnectPolarAsync(server);
}

public abstract class ValorClientTestBase : VendorClientTestBase<ValorConnection>
{
    protected ValorClient Client => Connection.Client();
    protected ValorDemoData Data => Server.World.Valor.Data;
    protected override Task<ValorConnection> ConnectAsync(SimulatorServer server) => ConnectValorAsync(server);
}

public abstract class AikynetixClientTestBase : VendorClientTestBase<AikynetixConnection>
{
    protected AikynetixClient Client => Connection.Client();
    protected AikynetixDemoData Data => Server.World.Aikynetix.Data;
    protected override Task<AikynetixConnection> ConnectAsync(SimulatorServer server) => Task.FromResult(ConnectAikynetix(server));
}
