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
    /// handler (sockets, or the in-process sandbox that must survive the factory's handler rotation).
    /// </summary>
    internal sealed class HttpClientSetup : IDisposable
    {
        private readonly ServiceProvider _services;
        private readonly IHttpClientFactory _factory;
        private readonly string _name;

        public HttpClientSetup(TransportOptions options)
        {
            _name = "SportsData." + options.Vendor;
            var services = new ServiceCollection();
            IHttpClientBuilder builder = services.AddHttpClient(_name, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            });
            foreach (Func<DelegatingHandler> handler in options.AdditionalHandlers) builder.AddHttpMessageHandler(handler);
            builder.ConfigurePrimaryHttpMessageHandler(() => CreatePrimaryHandler(options, decompress: true));
            _services = services.BuildServiceProvider();
            _factory = _services.GetRequiredService<IHttpClientFactory>();
        }

        public HttpClient CreateClient() => _factory.CreateClient(_name);

        /// <summary>
        /// The handler that talks to the network for <paramref name="options"/>: the sandbox's (never disposed by
        /// whoever uses it), or sockets with redirects followed and, when <paramref name="decompress"/>, gzip/deflate.
        /// </summary>
        public static HttpMessageHandler CreatePrimaryHandler(TransportOptions options, bool decompress)
        {
            if (options.PrimaryHandler != null) return new NonDisposingHandler(options.PrimaryHandler);
            return new HttpClientHandler
            {
                AutomaticDecompression = decompress ? DecompressionMethods.GZip | DecompressionMethods.Deflate : DecompressionMethods.None,
                AllowAutoRedirect = true,
            };
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
