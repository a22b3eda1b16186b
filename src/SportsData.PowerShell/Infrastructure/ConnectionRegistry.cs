using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using SportsData.Connections;

namespace SportsData.PowerShell
{
    /// <summary>
    /// The default connection per vendor, set by the Connect-* cmdlets. Defaults belong to the runspace that
    /// made them, so hosts running several runspaces (and ForEach-Object -Parallel) never share one by accident;
    /// pass -Connection to use a connection elsewhere.
    /// </summary>
    public static class ConnectionRegistry
    {
        private static readonly ConcurrentDictionary<(Guid Runspace, Type Vendor), SportsDataConnection> Defaults =
            new ConcurrentDictionary<(Guid, Type), SportsDataConnection>();

        private static (Guid, Type) Key<T>() => (Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty, typeof(T));

        /// <summary>Every vendor's default connection in this runspace that is still open.</summary>
        public static IEnumerable<SportsDataConnection> GetDefaults()
        {
            Guid runspace = Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
            return Defaults.Where(p => p.Key.Runspace == runspace && !p.Value.IsDisconnected).Select(p => p.Value).ToList();
        }

        public static T? GetDefault<T>() where T : SportsDataConnection =>
            Defaults.TryGetValue(Key<T>(), out SportsDataConnection? connection) && !connection.IsDisconnected ? (T)connection : null;

        /// <summary>Makes a connection the default, closing the previous default of that vendor in this runspace.</summary>
        public static void SetDefault<T>(T connection) where T : SportsDataConnection
        {
            SportsDataConnection? previous = null;
            Defaults.AddOrUpdate(Key<T>(), connection, (_, old) => { previous = old; return connection; });
            if (previous != null && !ReferenceEquals(previous, connection)) previous.Dispose();
        }

        public static bool RemoveDefault<T>(T? onlyIf = null) where T : SportsDataConnection
        {
            var key = Key<T>();
            if (!Defaults.TryGetValue(key, out SportsDataConnection? current)) return false;
            if (onlyIf != null && !ReferenceEquals(current, onlyIf)) return false;
            return Defaults.TryRemove(key, out _);
        }

        /// <summary>The given connection, else the default, else a clear error naming the connect cmdlet.</summary>
        public static T Resolve<T>(T? given, string connectCmdlet, string vendor) where T : SportsDataConnection
        {
            T? connection = given ?? GetDefault<T>();
            if (connection == null)
            {
                throw new SportsDataException(ErrorIds.NotConnected(vendor), FailureKind.NotConnected,
                    $"Not connected to {vendor}. Run {connectCmdlet} first (or '{connectCmdlet} -Sandbox' to try the offline demo data), or pass -Connection.")
                { ParameterName = "Connection" };
            }
            if (connection.IsDisconnected)
            {
                throw new SportsDataException(ErrorIds.NotConnected(vendor), FailureKind.NotConnected,
                    $"The {vendor} connection passed to -Connection has been closed. Run {connectCmdlet} again.")
                { ParameterName = "Connection" };
            }
            return connection;
        }
    }
}
