using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using SportsData.Connections;

namespace SportsData.Http
{
    /// <summary>
    /// The proxy decision for one connection, made once when it connects: which proxy each request goes through (or
    /// none), with which credentials. <see cref="ProxyMode.System"/> reads HTTPS_PROXY/HTTP_PROXY/ALL_PROXY and NO_PROXY
    /// (lower or upper case) at that moment, as .NET and curl do; when none is set, the operating system's proxy
    /// settings apply. NO_PROXY also applies to -Proxy.
    /// </summary>
    internal sealed class ProxyPlan(ConnectionProxy settings, ProxyPlan.RoutedProxy? routed, ICredentials? systemCredentials, string? secret)
    {
        public ConnectionProxy Settings { get; } = settings;

        /// <summary>The proxy password in play (from -ProxyCredential or a proxy URL in the environment), for redaction.</summary>
        public string? Secret { get; } = secret;

        public static ProxyPlan Resolve(ConnectionProxy settings, Func<string, string?>? environment = null)
        {
            environment ??= Environment.GetEnvironmentVariable;
            NetworkCredential? given = settings.Credential;
            ICredentials? credentials = settings.UseDefaultCredentials ? CredentialCache.DefaultCredentials : given;
            string[] noProxy = Split(First(environment, "no_proxy", "NO_PROXY"));
            switch (settings.Mode)
            {
                case ProxyMode.None:
                    return new ProxyPlan(settings, null, null, null);
                case ProxyMode.Explicit:
                    return new ProxyPlan(settings, new RoutedProxy(settings.Address, settings.Address, noProxy) { Credentials = credentials }, null, given?.Password);
                default:
                    (Uri? https, NetworkCredential? httpsUser) = FromVariable(First(environment, "https_proxy", "HTTPS_PROXY") ?? First(environment, "all_proxy", "ALL_PROXY"));
                    (Uri? http, NetworkCredential? httpUser) = FromVariable(First(environment, "http_proxy", "HTTP_PROXY") ?? First(environment, "all_proxy", "ALL_PROXY"));
                    if (https == null && http == null) return new ProxyPlan(settings, null, credentials, given?.Password);
                    NetworkCredential? inUrl = httpsUser ?? httpUser;
                    return new ProxyPlan(settings, new RoutedProxy(http, https, noProxy) { Credentials = credentials ?? inUrl }, null, given?.Password ?? inUrl?.Password);
            }
        }

        /// <summary>Sets the proxy of a sockets handler.</summary>
        public void Apply(HttpClientHandler handler)
        {
            if (Settings.Mode == ProxyMode.None)
            {
                handler.UseProxy = false;
                return;
            }
            handler.UseProxy = true;
            if (routed != null) handler.Proxy = routed;
            else if (systemCredentials != null) handler.DefaultProxyCredentials = systemCredentials;
        }

        /// <summary>The proxy a request to <paramref name="destination"/> goes through; null when it goes straight there (or cannot be told).</summary>
        public Uri? ProxyFor(Uri destination)
        {
            if (Settings.Mode == ProxyMode.None) return null;
            IWebProxy? proxy = routed;
            if (proxy == null)
            {
#if NET8_0_OR_GREATER
                proxy = HttpClient.DefaultProxy;
#else
                proxy = WebRequest.DefaultWebProxy;
#endif
            }
            if (proxy == null || proxy.IsBypassed(destination)) return null;
            Uri? through = proxy.GetProxy(destination);
            return through == null || through == destination ? null : through;
        }

        private static string? First(Func<string, string?> environment, string lower, string upper)
        {
            string? value = environment(lower);
            if (string.IsNullOrWhiteSpace(value)) value = environment(upper);
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        /// <summary>A proxy variable's URL ("host:port" means http://host:port); a user and password in it become the credential.</summary>
        private static (Uri?, NetworkCredential?) FromVariable(string? value)
        {
            if (value == null) return (null, null);
            string text = value.Contains("://") ? value : "http://" + value;
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host)) return (null, null);
            NetworkCredential? credential = null;
            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                string[] parts = uri.UserInfo.Split(new[] { ':' }, 2);
                credential = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
            }
            return (new Uri(ConnectionProxy.Origin(uri) + "/"), credential); // never the user name and password
        }

        private static string[] Split(string? noProxy) =>
            noProxy == null ? Array.Empty<string>()
                : noProxy.Split(new[] { ',', ' ', ';' }, StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim().ToLowerInvariant()).ToArray();

        /// <summary>One proxy for http and one for https requests, with NO_PROXY's bypass list.</summary>
        internal sealed class RoutedProxy : IWebProxy
        {
            private readonly Uri? _http;
            private readonly Uri? _https;
            private readonly string[] _bypass;

            public RoutedProxy(Uri? http, Uri? https, IReadOnlyList<string> bypass)
            {
                _http = http;
                _https = https;
                _bypass = bypass.ToArray();
            }

            public ICredentials? Credentials { get; set; }

            public Uri? GetProxy(Uri destination) => destination.Scheme == Uri.UriSchemeHttps ? _https : _http;

            public bool IsBypassed(Uri host) => GetProxy(host) == null || Bypasses(_bypass, host);
        }

        /// <summary>
        /// NO_PROXY as curl reads it: "*" is every host; "example.org" and ".example.org" match the domain and its
        /// subdomains; "host:port" only that port; IP addresses match exactly ("localhost" does not cover 127.0.0.1).
        /// </summary>
        internal static bool Bypasses(IEnumerable<string> entries, Uri destination)
        {
            string host = destination.IdnHost.Trim('[', ']').ToLowerInvariant();
            foreach (string raw in entries)
            {
                if (raw == "*") return true;
                string entry = raw;
                int port = -1;
                int colon = entry.LastIndexOf(':');
                if (colon > 0 && entry.IndexOf(':') == colon && int.TryParse(entry.Substring(colon + 1), out int parsed))
                {
                    port = parsed;
                    entry = entry.Substring(0, colon);
                }
                entry = entry.Trim('[', ']');
                if (entry.StartsWith("*.", StringComparison.Ordinal)) entry = entry.Substring(1);
                if (port >= 0 && port != destination.Port) continue;
                string domain = entry.TrimStart('.');
                if (domain.Length == 0) continue;
                if (host == domain || host.EndsWith("." + domain, StringComparison.Ordinal)) return true;
            }
            return false;
        }
    }
}
