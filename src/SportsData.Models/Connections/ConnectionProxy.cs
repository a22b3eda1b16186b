using System;
using System.Net;

namespace SportsData.Connections
{
    /// <summary>How a connection reaches the internet.</summary>
    public enum ProxyMode
    {
        /// <summary>The system's proxy: HTTPS_PROXY/HTTP_PROXY/ALL_PROXY with NO_PROXY when set, else the operating system's settings.</summary>
        System,

        /// <summary>The proxy given with -Proxy (hosts in NO_PROXY still bypass it).</summary>
        Explicit,

        /// <summary>Straight to the vendor, no proxy (-NoProxy).</summary>
        None,
    }

    /// <summary>
    /// The proxy of one connection, used by every request it makes: the API, sign-in and token renewal, and downloads.
    /// The proxy credential is kept out of every property and of <see cref="ToString"/>.
    /// </summary>
    public sealed class ConnectionProxy
    {
        private ConnectionProxy(ProxyMode mode, Uri? address, NetworkCredential? credential, bool useDefaultCredentials)
        {
            Mode = mode;
            Address = address;
            Credential = credential;
            UseDefaultCredentials = useDefaultCredentials;
        }

        /// <summary>The system proxy without credentials: what a connection uses unless told otherwise.</summary>
        public static ConnectionProxy System { get; } = new ConnectionProxy(ProxyMode.System, null, null, false);

        /// <summary>No proxy at all.</summary>
        public static ConnectionProxy None { get; } = new ConnectionProxy(ProxyMode.None, null, null, false);

        public ProxyMode Mode { get; }

        /// <summary>The proxy given with -Proxy; null for the system proxy or none.</summary>
        public Uri? Address { get; }

        /// <summary>Whether a -ProxyCredential is sent when the proxy asks for one (the credential itself is never shown).</summary>
        public bool HasCredential => Credential != null;

        /// <summary>Whether the signed-in Windows account authenticates to the proxy (-ProxyUseDefaultCredentials).</summary>
        public bool UseDefaultCredentials { get; }

        /// <summary>The -ProxyCredential; only the engine reads it.</summary>
        internal NetworkCredential? Credential { get; }

        /// <summary>
        /// The proxy settings of the Connect-* parameters, checked: -NoProxy alone; -ProxyCredential or
        /// -ProxyUseDefaultCredentials, not both; -Proxy an absolute http(s) URI without a user name or password in it.
        /// </summary>
        public static ConnectionProxy Create(Uri? proxy, NetworkCredential? credential, bool useDefaultCredentials, bool noProxy)
        {
            if (noProxy)
            {
                if (proxy != null || credential != null || useDefaultCredentials)
                {
                    throw SportsDataException.InvalidArgument("NoProxy", "-NoProxy connects without a proxy: leave out -Proxy, -ProxyCredential and -ProxyUseDefaultCredentials, or leave out -NoProxy.");
                }
                return None;
            }
            if (credential != null && useDefaultCredentials)
            {
                throw SportsDataException.InvalidArgument("ProxyCredential", "Give -ProxyCredential (a proxy account) or -ProxyUseDefaultCredentials (your Windows sign-in), not both.");
            }
            if (proxy != null)
            {
                if (!proxy.IsAbsoluteUri || (proxy.Scheme != Uri.UriSchemeHttp && proxy.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(proxy.Host))
                {
                    throw SportsDataException.InvalidArgument("Proxy", "-Proxy must be the proxy's absolute http:// URI with its port, for example http://proxy.example.org:3128/.");
                }
                if (!string.IsNullOrEmpty(proxy.UserInfo))
                {
                    // The message must not repeat the URI: it carries a password.
                    throw SportsDataException.InvalidArgument("Proxy", "-Proxy must not contain a user name or password. Give the proxy account with -ProxyCredential (Get-Credential) instead.");
                }
                return new ConnectionProxy(ProxyMode.Explicit, new Uri(Origin(proxy) + "/"), credential, useDefaultCredentials);
            }
            if (credential == null && !useDefaultCredentials) return System;
            return new ConnectionProxy(ProxyMode.System, null, credential, useDefaultCredentials);
        }

        /// <summary>Scheme, host and port of a proxy URI: never its user name or password (GetLeftPart keeps those).</summary>
        public static string Origin(Uri proxy) => proxy.Scheme + "://" + proxy.Authority;

        public override string ToString()
        {
            string auth = HasCredential ? " with -ProxyCredential" : UseDefaultCredentials ? " with the Windows sign-in" : string.Empty;
            return Mode switch
            {
                ProxyMode.None => "no proxy",
                ProxyMode.Explicit => Origin(Address!) + auth,
                _ => "system proxy" + auth,
            };
        }
    }
}
