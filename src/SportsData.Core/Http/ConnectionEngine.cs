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
    public abstract class ConnectionEngine<TClient, TAuthenticator>(ApiTransport transport, TAuthenticator authenticator, TClient client, IDisposable alsoOwned)
        : IConnectionEngine where TAuthenticator : IAuthenticator
    {
        public TClient Client { get; } = client;

        public ApiTransport Transport { get; } = transport;

        public TAuthenticator Authenticator { get; } = authenticator;

        public DateTimeOffset? TokenExpiresAt => Authenticator.ExpiresAt;

        public bool CanRenewToken => Authenticator.CanRefresh;

        public void Dispose()
        {
            Transport.Dispose();
            alsoOwned.Dispose();
        }
    }
}
