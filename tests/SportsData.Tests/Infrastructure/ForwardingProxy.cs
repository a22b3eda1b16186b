using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SportsData.Tests.Infrastructure;

/// <summary>
/// A real forwarding HTTP proxy on a loopback port, for tests: absolute-URI requests (GET, POST, any method) are
/// forwarded to their host and CONNECT opens a tunnel, over real sockets. It resolves host names ending in ".test"
/// to 127.0.0.1 itself, so a client can only reach such a host through the proxy (the names resolve nowhere else).
/// With a user name it enforces HTTP Basic proxy authentication (407 with Proxy-Authenticate until the right
/// Proxy-Authorization comes). It records every request it forwarded and every one it refused.
/// </summary>
public sealed class ForwardingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _expectedAuthorization;
    private readonly Task _accepting;
    private readonly ConcurrentBag<Task> _connections = new();

    private ForwardingProxy(string? userName, string? password)
    {
        if (userName != null) _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + password));
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Address = new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/");
        _accepting = AcceptAsync();
    }

    /// <summary>Starts a proxy; with <paramref name="userName"/> it asks for Basic proxy authentication.</summary>
    public static ForwardingProxy Start(string? userName = null, string? password = null) => new(userName, password);

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri Address { get; }

    /// <summary>Requests forwarded, as "METHOD host:port/path" (CONNECT as "CONNECT host:port").</summary>
    public ConcurrentQueue<string> Forwarded { get; } = new();

    /// <summary>Requests refused with 407 (no or wrong Proxy-Authorization).</summary>
    public int Refused => _refused;

    private int _refused;

    /// <summary>Forwarded requests whose line contains <paramref name="text"/> (e.g. "/oauth/token").</summary>
    public int Count(string text) => Forwarded.Count(f => f.Contains(text, StringComparison.Ordinal));

    /// <summary>A URI on the simulator <paramref name="server"/> under a host name only this proxy resolves.</summary>
    public static Uri Through(Uri server, string host, string relative = "") =>
        new(new UriBuilder(server) { Host = host }.Uri, relative);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _connections.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream downstream = client.GetStream();
                (string? head, byte[] rest) = await ReadHeadAsync(downstream);
                if (head == null) return;
                string[] lines = head.Split("\r\n");
                string[] requestLine = lines[0].Split(' ');
                if (requestLine.Length < 3)
                {
                    await ReplyAsync(downstream, "400 Bad Request", string.Empty);
                    return;
                }
                string method = requestLine[0];
                string target = requestLine[1];
                var headers = lines.Skip(1).Where(l => l.Length > 0).ToList();
                string? authorization = headers.Where(h => h.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase)).Select(h => h.Substring(20).Trim()).FirstOrDefault();
                if (_expectedAuthorization != null && authorization != _expectedAuthorization)
                {
                    Interlocked.Increment(ref _refused);
                    await ReplyAsync(downstream, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"sportsdata-test-proxy\"\r\n");
                    return;
                }

                if (method == "CONNECT")
                {
                    (string host, int port) = SplitAuthority(target, 443);
                    using var tunnel = new TcpClient();
                    if (!await TryConnectAsync(tunnel, host, port))
                    {
                        await ReplyAsync(downstream, "502 Bad Gateway", string.Empty);
                        return;
                    }
                    Forwarded.Enqueue("CONNECT " + host + ":" + port);
                    byte[] established = Encoding.ASCII.GetBytes("HTTP/1.1 200 Connection Established\r\n\r\n");
                    await downstream.WriteAsync(established, _stop.Token);
                    NetworkStream up = tunnel.GetStream();
                    if (rest.Length > 0) await up.WriteAsync(rest, _stop.Token);
                    await PipeAsync(downstream, up);
                    return;
                }

                if (!Uri.TryCreate(target, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttp)
                {
                    await ReplyAsync(downstream, "400 Bad Request", string.Empty);
                    return;
                }
                using var upstream = new TcpClient();
                if (!await TryConnectAsync(upstream, uri.Host, uri.Port))
                {
                    await ReplyAsync(downstream, "502 Bad Gateway", string.Empty);
                    return;
                }
                Forwarded.Enqueue(method + " " + uri.Host + ":" + uri.Port + uri.PathAndQuery);
                // One request per upstream connection: origin-form request line, hop-by-hop and proxy headers dropped.
                var forwarded = new StringBuilder();
                forwarded.Append(method).Append(' ').Append(uri.PathAndQuery).Append(' ').Append(requestLine[2]).Append("\r\n");
                foreach (string header in headers)
                {
                    if (header.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || header.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)
                        || header.StartsWith("Keep-Alive:", StringComparison.OrdinalIgnoreCase)) continue;
                    forwarded.Append(header).Append("\r\n");
                }
                forwarded.Append("Connection: close\r\n\r\n");
                NetworkStream server = upstream.GetStream();
                await server.WriteAsync(Encoding.ASCII.GetBytes(forwarded.ToString()), _stop.Token);
                if (rest.Length > 0) await server.WriteAsync(rest, _stop.Token);
                await PipeAsync(downstream, server);
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
            {
                // a side closed: the exchange is over
            }
        }
    }

    /// <summary>Copies both ways until the server side ends; then the client connection is closed too.</summary>
    private async Task PipeAsync(NetworkStream client, NetworkStream server)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        Task up = client.CopyToAsync(server, done.Token);
        await server.CopyToAsync(client, done.Token);
        done.Cancel();
        try { await up; } catch (Exception ex) when (ex is IOException || ex is OperationCanceledException || ex is ObjectDisposedException) { }
    }

    private static async Task<bool> TryConnectAsync(TcpClient client, string host, int port)
    {
        IPAddress address;
        if (host.EndsWith(".test", StringComparison.OrdinalIgnoreCase)) address = IPAddress.Loopback;
        else if (!IPAddress.TryParse(host, out address!)) return false; // tests never leave this machine
        try
        {
            await client.ConnectAsync(address, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static (string Host, int Port) SplitAuthority(string authority, int defaultPort)
    {
        int colon = authority.LastIndexOf(':');
        return colon > 0 && int.TryParse(authority.AsSpan(colon + 1), out int port) ? (authority.Substring(0, colon), port) : (authority, defaultPort);
    }

    private async Task ReplyAsync(NetworkStream stream, string status, string headers)
    {
        byte[] reply = Encoding.ASCII.GetBytes("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(reply, _stop.Token);
    }

    /// <summary>The request head (up to the blank line) and whatever body bytes came with it.</summary>
    private async Task<(string?, byte[])> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new MemoryStream();
        byte[] chunk = new byte[8192];
        while (true)
        {
            int read = await stream.ReadAsync(chunk, _stop.Token);
            if (read == 0) return (null, Array.Empty<byte>());
            buffer.Write(chunk, 0, read);
            byte[] data = buffer.GetBuffer();
            int length = (int)buffer.Length;
            for (int i = 3; i < length; i++)
            {
                if (data[i - 3] == '\r' && data[i - 2] == '\n' && data[i - 1] == '\r' && data[i] == '\n')
                {
                    return (Encoding.ASCII.GetString(data, 0, i - 3), data.AsSpan(i + 1, length - i - 1).ToArray());
                }
            }
            if (length > 64 * 1024) return (null, Array.Empty<byte>());
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { }
        try { await Task.WhenAll(_connections.ToArray()); } catch (Exception) { }
        _stop.Dispose();
    }
}
