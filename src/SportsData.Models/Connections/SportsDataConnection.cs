using System;

namespace SportsData.Connections
{
    /// <summary>What a connection's engine tells the handle; implemented by the engine assembly.</summary>
    internal interface IConnectionEngine : IDisposable
    {
        DateTimeOffset? TokenExpiresAt { get; }

        bool CanRenewToken { get; }
    }

    /// <summary>
    /// A connection to one vendor: its endpoint, how it authenticated, and (hidden) its tokens, limiter and
    /// paging state. Connect-* cmdlets make one, keep it as the session default, and return it with -PassThru;
    /// every other cmdlet takes it with -Connection. Tokens are never exposed as properties.
    /// </summary>
    public abstract class SportsDataConnection : IDisposable
    {
        private IConnectionEngine? _engine;

        protected SportsDataConnection(string vendor, Uri baseUri, string authenticationMethod, bool isSandbox)
        {
            Vendor = vendor;
            BaseUri = baseUri;
            AuthenticationMethod = authenticationMethod;
            IsSandbox = isSandbox;
            ConnectedAt = DateTimeOffset.Now;
            ConnectionId = Guid.NewGuid();
        }

        public Guid ConnectionId { get; }

        /// <summary>
        /// The name given with Connect-* -Name (e.g. "men", "women"): several connections of one vendor, each with its own
        /// name, stay open side by side, and Sync-SportsData syncs each into its own folder (&lt;vendor&gt;-&lt;name&gt;). Null: unnamed.
        /// </summary>
        public string? Name { get; internal set; }

        public string Vendor { get; }

        public Uri BaseUri { get; }

        /// <summary>How the connection authenticated (AuthorizationCode, RefreshToken, AccessToken, Password, ApiKey, Sandbox...).</summary>
        public string AuthenticationMethod { get; }

        public bool IsSandbox { get; }

        /// <summary>The proxy every request of this connection goes through (Connect-* -Proxy, -NoProxy; the system proxy by default).</summary>
        public ConnectionProxy Proxy { get; internal set; } = ConnectionProxy.System;

        public DateTimeOffset ConnectedAt { get; }

        /// <summary>When the current access token expires, if known.</summary>
        public DateTimeOffset? TokenExpiresAt => _engine?.TokenExpiresAt;

        /// <summary>Whether the connection can renew its token by itself (refresh token or stored login).</summary>
        public bool CanRenewToken => _engine?.CanRenewToken ?? false;

        public bool IsDisconnected { get; private set; }

        internal IConnectionEngine Engine
        {
            get
            {
                if (IsDisconnected || _engine == null)
                {
                    throw new SportsDataException(ErrorIds.NotConnected(Vendor), FailureKind.NotConnected,
                        $"This {Vendor} connection has been closed. Connect again with Connect-{ConnectCmdletNoun}.");
                }
                return _engine;
            }
            set => _engine = value;
        }

        /// <summary>Noun of the Connect- cmdlet, for messages.</summary>
        protected abstract string ConnectCmdletNoun { get; }

        public void Dispose()
        {
            if (IsDisconnected) return;
            IsDisconnected = true;
            _engine?.Dispose();
            _engine = null;
        }

        public override string ToString() => $"{Vendor}{(Name != null ? " '" + Name + "'" : string.Empty)} {(IsSandbox ? "sandbox" : BaseUri.Host)} ({AuthenticationMethod})";
    }
}
