using System;
using System.Management.Automation;
using SportsData.Connections;
using SportsData.Http;

namespace SportsData.PowerShell
{
    /// <summary>Base of the Connect- cmdlets: retry settings, -PassThru, and making the new connection the default.</summary>
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

        /// <summary>Return the connection object (for -Connection on other cmdlets).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected RetrySettings RetrySettings => new RetrySettings { MaxRetryAttempts = MaxRetryCount, AttemptTimeout = TimeSpan.FromSeconds(RequestTimeoutSec) };

        /// <summary>Makes the connection the session default (closing the previous one of the same -Name) and returns it with -PassThru.</summary>
        protected void Publish(TConnection connection, string vendorDisplayName)
        {
            connection.Name = Name;
            ConnectionRegistry.SetDefault(connection);
            string expiry = connection.TokenExpiresAt != null ? $"; the token expires {connection.TokenExpiresAt:u}" : string.Empty;
            WriteVerbose($"Connected to {vendorDisplayName} at {connection.BaseUri} ({connection.AuthenticationMethod}){expiry}.");
            if (PassThru) WriteObject(connection);
        }
    }

    /// <summary>Base of the Disconnect- cmdlets: close the connection (after ShouldProcess) and forget it as the default.</summary>
    public abstract class DisconnectCmdlet<TConnection> : VendorCmdlet<TConnection> where TConnection : SportsDataConnection
    {
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
