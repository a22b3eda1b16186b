using System.Net;
using System.Net.Sockets;

namespace SportsData.Tests.Infrastructure;

/// <summary>Loopback ports for what a test listens on, or for an address where nothing listens.</summary>
public static class LoopbackPort
{
    /// <summary>A port that was free a moment ago: the one the system gave a listener that is stopped again.</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
