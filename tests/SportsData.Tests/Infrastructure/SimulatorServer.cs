using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using SportsData.Sandbox;

namespace SportsData.Tests.Infrastructure;

/// <summary>
/// Serves a <see cref="SandboxWorld"/> over real HTTP on a loopback port with Kestrel, so engine tests go
/// through sockets, headers, status codes and dropped connections exactly as with a vendor.
/// </summary>
/// <remarks>Made by <see cref="StartAsync"/>, which starts <paramref name="app"/> serving <paramref name="world"/> at <paramref name="baseUri"/>.</remarks>
public sealed class SimulatorServer(WebApplication app, SandboxWorld world, Uri baseUri) : IAsyncDisposable
{
    private bool _disposed;

    public SandboxWorld World { get; } = world;

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUri { get; } = baseUri;

    public Uri Url(string relative) => new(BaseUri, relative.TrimStart('/'));

    /// <summary>Serves plain HTTP, or HTTPS with <paramref name="certificate"/> (then <see cref="BaseUri"/> is https://).</summary>
    public static async Task<SimulatorServer> StartAsync(SandboxOptions? options = null, Action<SandboxWorld>? configure = null,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var world = new SandboxWorld(options ?? new SandboxOptions { AnchorDate = TestData.AnchorDate });
        configure?.Invoke(world);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate != null) listen.UseHttps(certificate);
        }));
        builder.WebHost.ConfigureKestrel(k => k.AllowSynchronousIO = false);
        WebApplication app = builder.Build();
        app.Run(context => HandleAsync(world, context));
        await app.StartAsync();
        string address = app.Urls.First();
        return new SimulatorServer(app, world, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    private static async Task HandleAsync(SandboxWorld world, HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new SimRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? string.Empty, headers, body.ToArray());
        SimResponse response = await world.DispatchAsync(request, context.RequestAborted);
        if (response.ResetBeforeResponse)
        {
            context.Abort();
            return;
        }
        if (response.DropConnection)
        {
            context.Response.StatusCode = response.DeclaredLength != null ? response.StatusCode : 200;
            if (response.DeclaredLength != null) context.Response.ContentType = response.ContentType;
            context.Response.ContentLength = response.DeclaredLength ?? 1000;
            await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
            return;
        }
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        foreach (var header in response.Headers) context.Response.Headers[header.Key] = header.Value;
        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    /// <summary>Stops the server; a second call (a test that stopped it early, then its base) does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public static class TestData
{
    /// <summary>Fixed anchor so the demo dataset is the same in every run.</summary>
    public static readonly DateTime AnchorDate = new(2026, 6, 30);
}
