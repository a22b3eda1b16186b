using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.Sandbox
{
    /// <summary>Answers HttpClient requests from a <see cref="SandboxWorld"/> in-process: no sockets, no network.</summary>
    public sealed class SandboxHandler : HttpMessageHandler
    {
        private readonly SandboxWorld _world;

        public SandboxHandler(SandboxWorld world)
        {
            _world = world;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            byte[] body = request.Content == null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in request.Headers) headers[header.Key] = string.Join(",", header.Value);
            if (request.Content != null)
            {
                foreach (var header in request.Content.Headers) headers[header.Key] = string.Join(",", header.Value);
            }
            Uri uri = request.RequestUri!;
            var simRequest = new SimRequest(request.Method.Method, Uri.UnescapeDataString(uri.AbsolutePath), uri.Query, headers, body);
            SimResponse simResponse = await _world.DispatchAsync(simRequest, cancellationToken).ConfigureAwait(false);
            if (simResponse.DropConnection || simResponse.ResetBeforeResponse)
            {
                throw new HttpRequestException("The sandbox dropped the connection (injected fault).");
            }
            var response = new HttpResponseMessage((HttpStatusCode)simResponse.StatusCode)
            {
                RequestMessage = request,
                Content = new ByteArrayContent(simResponse.Body),
            };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", simResponse.ContentType);
            foreach (var header in simResponse.Headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            {
                if (!response.Headers.TryAddWithoutValidation(header.Key, header.Value))
                {
                    response.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
            return response;
        }
    }
}
