using System;
using System.Management.Automation;
using SportsData.Connections;
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
        protected ConnectionProxy ProxySettings
        {
            get
            {
                try
                {
                    return ConnectionProxy.Create(Proxy, ProxyCredential?.GetNetworkCredential(), ProxyUseDefaultCredentials, NoProxy);
                }
                catch (SportsDataException ex)
                {
                    ThrowFailure(ex, null);
                    throw; // not reached
                }
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
