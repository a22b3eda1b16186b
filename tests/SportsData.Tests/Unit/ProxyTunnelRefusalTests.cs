using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using SportsData.Http;

namespace SportsData.Tests.Unit;

/// <summary>
/// Telling a 407 to the CONNECT of an https tunnel (an exception, not a response) from other failures, without being
/// fooled by a proxy address that contains "407". The real exchange is in ProxyCmdletTests; these pin the edge cases.
/// </summary>
public sealed class ProxyTunnelRefusalTests
{
    private static readonly Uri Proxy = new("http://127.0.0.1:4070/");

    [Theory]
    [InlineData("The proxy tunnel request to proxy 'http://127.0.0.1:4070/' failed with status code '407'.", true)]
    [InlineData("The proxy tunnel request to proxy 'http://127.0.0.1:4070/' failed with status code '502'.", false)]
    [InlineData("The proxy tunnel request to proxy 'http://proxy407.example:8080/' failed with status code '403'.", false)]
    public void A_tunnel_error_is_a_refusal_only_when_its_status_is_407(string message, bool refused)
    {
        var tunnel = new HttpRequestException(HttpRequestError.ProxyTunnelError, message);
        Assert.Equal(refused, TransportErrors.IsProxyTunnelRefusal(tunnel, Proxy));
        Assert.Equal(refused, TransportErrors.IsProxyTunnelRefusal(new HttpRequestException("outer", tunnel), null));
    }

    [Fact]
    public void The_status_code_of_the_exception_is_enough()
    {
        var refused = new HttpRequestException(HttpRequestError.ProxyTunnelError, "tunnel failed", null, HttpStatusCode.ProxyAuthenticationRequired);
        Assert.True(TransportErrors.IsProxyTunnelRefusal(refused, Proxy));
    }

    [Fact]
    public void A_connection_refused_by_a_proxy_on_port_4070_is_not_a_407()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:4070)",
            new SocketException((int)SocketError.ConnectionRefused));
        Assert.False(TransportErrors.IsProxyTunnelRefusal(refused, Proxy));
        Assert.False(TransportErrors.IsProxyTunnelRefusal(refused, null));
        // A vendor's own 407 text outside a tunnel error is not the proxy's either.
        Assert.False(TransportErrors.IsProxyTunnelRefusal(new HttpRequestException("Response status code does not indicate success: 407"), Proxy));
    }
}
