using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace SportsData.Http
{
    /// <summary>
    /// How one connection's HTTP clients are made: the named client of the factory (user agent, JSON accept header,
    /// no client time-out because the retry policy owns time-outs), the vendor's extra handlers, and the primary
    /// handler (sockets through the connection's proxy, or the in-process sandbox that must survive the factory's
    /// handler rotation).
    /// </summary>
    internal sealed class HttpClientSetup : IDisposable
    {
        private readonly ServiceProvider _services;
        private readonly IHttpClientFactory _factory;
        private readonly string _name;
        private readonly HttpMessageHandler? _replacement;

        public HttpClientSetup(TransportOptions options)
        {
            _replacement = options.PrimaryHandler;
            Proxy = ProxyPlan.Resolve(options.PrimaryHandler != null ? Connections.ConnectionProxy.None : options.Proxy);
            _name = "SportsData." + options.Vendor;
            var services = new ServiceCollection();
            IHttpClientBuilder builder = services.AddHttpClient(_name, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            });
            foreach (Func<DelegatingHandler> handler in options.AdditionalHandlers) builder.AddHttpMessageHandler(handler);
            builder.ConfigurePrimaryHttpMessageHandler(() => CreatePrimaryHandler(decompress: true));
            _services = services.BuildServiceProvider();
            _factory = _services.GetRequiredService<IHttpClientFactory>();
        }

        /// <summary>The connection's proxy, resolved when it connected (none for the sandbox).</summary>
        public ProxyPlan Proxy { get; }

        public HttpClient CreateClient() => _factory.CreateClient(_name);

        /// <summary>
        /// The handler that talks to the network: the sandbox's (never disposed by whoever uses it), or sockets through
        /// the connection's proxy, redirects followed and, when <paramref name="decompress"/>, gzip/deflate undone.
        /// </summary>
        public HttpMessageHandler CreatePrimaryHandler(bool decompress)
        {
            if (_replacement != null) return new NonDisposingHandler(_replacement);
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = decompress ? DecompressionMethods.GZip | DecompressionMethods.Deflate : DecompressionMethods.None,
                AllowAutoRedirect = true,
            };
            Proxy.Apply(handler);
            return handler;
        }

        public void Dispose() => _services.Dispose();

        /// <summary>The factory disposes handlers it rotates; a shared sandbox handler must survive that.</summary>
        private sealed class NonDisposingHandler : DelegatingHandler
        {
            public NonDisposingHandler(HttpMessageHandler inner) : base(new PassThrough(inner)) { }

            private sealed class PassThrough : HttpMessageHandler
            {
                private readonly HttpMessageInvoker _invoker;

                public PassThrough(HttpMessageHandler inner) { _invoker = new HttpMessageInvoker(inner, disposeHandler: false); }

                protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                    _invoker.SendAsync(request, cancellationToken);
            }
        }
    }
}
