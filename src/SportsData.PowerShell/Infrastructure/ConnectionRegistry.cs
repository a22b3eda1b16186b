using System;
using System.Collections.Concurrent;
using SportsData.Connections;

namespace SportsData.PowerShell
{
    /// <summary>The default connection per vendor for this PowerShell process, set by the Connect-* cmdlets.</summary>
    public static class ConnectionRegistry
    {
        private static readonly ConcurrentDictionary<Type, SportsDataConnection> Defaults = new ConcurrentDictionary<Type, SportsDataConnection>();

        public static T? GetDefault<T>() where T : SportsDataConnection =>
            Defaults.TryGetValue(typeof(T), out SportsDataConnection? connection) && !connection.IsDisconnected ? (T)connection : null;

        /// <summary>Makes a connection the default, closing the previous default of that vendor.</summary>
        public static void SetDefault<T>(T connection) where T : SportsDataConnection
        {
            SportsDataConnection? previous = null;
            Defaults.AddOrUpdate(typeof(T), connection, (_, old) => { previous = old; return connection; });
            if (previous != null && !ReferenceEquals(previous, connection)) previous.Dispose();
        }

        public static bool RemoveDefault<T>(T? onlyIf = null) where T : SportsDataConnection
        {
            if (!Defaults.TryGetValue(typeof(T), out SportsDataConnection? current)) return false;
            if (onlyIf != null && !ReferenceEquals(current, onlyIf)) return false;
            return Defaults.TryRemove(typeof(T), out _);
        }

        /// <summary>The given connection, else the default, else a clear error naming the connect cmdlet.</summary>
        public static T Resolve<T>(T? given, string connectCmdlet, string vendor) where T : SportsDataConnection
        {
            T? connection = given ?? GetDefault<T>();
            if (connection == null)
            {
                throw new SportsDataException(vendor + ".NotConnected", FailureKind.NotConnected,
                    $"Not connected to {vendor}. Run {connectCmdlet} first (or '{connectCmdlet} -Sandbox' to try the offline demo data), or pass -Connection.")
                { ParameterName = "Connection" };
            }
            if (connection.IsDisconnected)
            {
                throw new SportsDataException(vendor + ".NotConnected", FailureKind.NotConnected,
                    $"The {vendor} connection passed to -Connection has been closed. Run {connectCmdlet} again.")
                { ParameterName = "Connection" };
            }
            return connection;
        }
    }
}
