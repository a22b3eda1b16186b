using SportsData.Auth;
using SportsData.Http;

namespace SportsData.PowerShell
{
    /// <summary>Base of the Connect- cmdlets: retry settings, the proxy, -PassThru, and making the new connection the default.</summary>
    public abstract class ConnectCmdlet<TConnection> : SportsDataCmdlet where TConnection : SportsDataConnection
    {
        /// <summary>Retries after a 429, 5xx, time-out or dropped connection.</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetryCount { get; set; } = Defaults.MaxRetryAttempts;

        /// <summary>Time-out of one HTTP attempt, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int RequestTimeoutSec { get; set; } = Defaults.RequestTimeoutSec;

        /// <summary>
        /// Names the connection (letters, digits, '.', '_', '-'), e.g. a men's and a women's account of one vendor: connecting
        /// again with another name keeps the first connection open, and Sync-SportsData syncs each into &lt;vendor&gt;-&lt;name&gt;.
        /// </summary>
        [Parameter]
        [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
        public string? Name { get; set; }

        /// <summary>The proxy for every request of the connection (API, sign-in, token renewal, downloads). Default: the system proxy.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Proxy { get; set; }

        /// <summary>The account the proxy asks for (HTTP 407); with no -Proxy, for the system proxy.</summary>
        [Parameter]
        [ValidateNotNull]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>Sign in to the proxy as the Windows account running PowerShell (integrated authentication).</summary>
        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        /// <summary>Connect straight to the vendor, bypassing any system or environment proxy.</summary>
        [Parameter]
        public SwitchParameter NoProxy { get; set; }

        /// <summary>Return the connection object (for -Connection on other cmdlets).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected RetrySettings RetrySettings => new RetrySettings { MaxRetryAttempts = MaxRetryCount, AttemptTimeout = TimeSpan.FromSeconds(RequestTimeoutSec) };

        /// <summary>The checked proxy parameters; a bad combination stops the command with an error naming the parameter.</summary>
        protected ConnectionProxy ProxySettings => Checked(() => ConnectionProxy.Create(Proxy, ProxyCredential?.GetNetworkCredential(), ProxyUseDefaultCredentials, NoProxy));

        /// <summary>Runs the connect step (its failure stops the command) and publishes the connection it made.</summary>
        protected void Connect(object? target, Func<CancellationToken, Task<TConnection>> connect, string vendorDisplayName)
        {
            TConnection? connection = null;
            RunOrThrow(target, async (channel, ct) => connection = await connect(ct).ConfigureAwait(false));
            if (connection != null) Publish(connection, vendorDisplayName);
        }

        /// <summary>
        /// An OAuth browser sign-in: shows the sign-in URL (and opens a browser when asked); the code then comes back on the
        /// loopback redirect (<paramref name="completeFromRedirect"/>, after saying <paramref name="waiting"/>), or the user pastes it.
        /// With no console to paste into, the command stops with the error <paramref name="nonInteractive"/> makes.
        /// </summary>
        protected Func<CancellationToken, Task<TConnection>> SignInWithBrowser(string vendor, Uri authorizeUri, bool openBrowser,
            string waiting, Func<CancellationToken, Task<TConnection>>? completeFromRedirect, Func<string, CancellationToken, Task<TConnection>> completeWithPasted,
            Func<Exception, SportsDataException> nonInteractive)
        {
            Host.UI.WriteLine($"Sign in to {vendor} and approve access at:");
            Host.UI.WriteLine(authorizeUri.AbsoluteUri);
            if (openBrowser && !Browser.TryOpen(authorizeUri, out string? why)) WriteVerbose("Could not open a browser (" + why + "); open the URL above yourself.");
            if (completeFromRedirect != null)
            {
                WriteVerbose(waiting);
                return completeFromRedirect;
            }
            try
            {
                Host.UI.Write("Paste the code, or the whole URL you were redirected to: ");
                string pasted = Host.UI.ReadLine();
                return ct => completeWithPasted(pasted, ct);
            }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is NotImplementedException || ex is InvalidOperationException)
            {
                ThrowFailure(nonInteractive(ex), null);
                throw; // not reached
            }
        }

        /// <summary>Makes the connection the session default (closing the previous one of the same -Name) and returns it with -PassThru.</summary>
        protected void Publish(TConnection connection, string vendorDisplayName)
        {
            connection.Name = Name;
            ConnectionRegistry.SetDefault(connection);
            string expiry = connection.TokenExpiresAt != null ? $"; the token expires {connection.TokenExpiresAt:u}" : string.Empty;
            string proxy = connection.IsSandbox ? string.Empty : $"; proxy: {connection.Proxy}";
            WriteVerbose($"Connected to {vendorDisplayName} at {connection.BaseUri} ({connection.AuthenticationMethod}){expiry}{proxy}.");
            if (PassThru) WriteObject(connection);
        }
    }

    /// <summary>Base of the Disconnect- cmdlets: close the connection (after ShouldProcess) and forget it as the default.</summary>
    public abstract class DisconnectCmdlet<TConnection> : VendorCmdlet<TConnection> where TConnection : SportsDataConnection
    {
        protected override void ProcessRecord() => Disconnect();

        /// <summary>Closes <see cref="VendorCmdlet{TConnection}.ResolvedConnection"/>; returns false when -WhatIf or the user declined.</summary>
        protected bool Disconnect(Action? beforeClosing = null)
        {
            TConnection connection = ResolvedConnection;
            if (!ShouldProcess(connection.ToString(), "Disconnect")) return false;
            beforeClosing?.Invoke();
            ConnectionRegistry.RemoveDefault(connection);
            connection.Dispose();
            WriteVerbose($"Disconnected from {VendorName}.");
            return true;
        }
    }
}
