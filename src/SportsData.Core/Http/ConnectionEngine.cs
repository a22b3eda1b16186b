using System;
using System.Net.Http;
using SportsData.Auth;
using SportsData.Connections;

namespace SportsData.Http
{
    /// <summary>What the Connect-* options of every vendor share: how requests are retried, sent and proxied.</summary>
    internal interface IVendorConnectOptions
    {
        RetrySettings Retry { get; }

        HttpMessageHandler? PrimaryHandler { get; }

        ConnectionProxy Proxy { get; }
    }

    internal static class VendorConnectOptions
    {
        /// <summary>The transport options of a connection's API (or another host of it) as the Connect-* options say.</summary>
        public static TransportOptions Transport(this IVendorConnectOptions options, string vendor, Uri baseUri) =>
            new TransportOptions(vendor, baseUri) { Retry = options.Retry, PrimaryHandler = options.PrimaryHandler, Proxy = options.Proxy };

        /// <summary>The transport of sign-in and token renewal: no credential of its own, and fewer retries (a wrong password should fail fast).</summary>
        public static ApiTransport SignInTransport(this IVendorConnectOptions options, string vendor, Uri baseUri)
        {
            TransportOptions transport = options.Transport(vendor, baseUri);
            transport.Retry = options.Retry.Clone();
            transport.Retry.MaxRetryAttempts = Math.Min(transport.Retry.MaxRetryAttempts, Defaults.SignInMaxRetryAttempts);
            return new ApiTransport(transport, authenticator: null);
        }
    }

    /// <summary>
    /// The engine behind a vendor's connection: its API transport, authenticator and client, and one more resource it
    /// owns and disposes with the transport (the sign-in transport, or the download client).
    /// </summary>
    public abstract class ConnectionEngine<TClient, TAuthenticator> : IConnectionEngine where TAuthenticator : IAuthenticator
    {
        private readonly IDisposable _alsoOwned;

        private protected ConnectionEngine(ApiTransport transport, TAuthenticator authenticator, TClient client, IDisposable alsoOwned)
        {
            Transport = transport;
            Authenticator = authenticator;
            Client = client;
            _alsoOwned = alsoOwned;
        }

        public TClient Client { get; }

        public ApiTransport Transport { get; }

        public TAuthenticator Authenticator { get; }

        public DateTimeOffset? TokenExpiresAt => Authenticator.ExpiresAt;

        public bool CanRenewToken => Authenticator.CanRefresh;

        public void Dispose()
        {
            Transport.Dispose();
            _alsoOwned.Dispose();
        }
    }
}
