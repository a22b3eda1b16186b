using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;

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

        // Every connection made in a runspace, by vendor and -Name (unnamed: ""): what Sync-SportsData syncs by default.
        private static readonly ConcurrentDictionary<(Guid Runspace, Type Vendor, string Name), SportsDataConnection> Named =
            new ConcurrentDictionary<(Guid, Type, string), SportsDataConnection>();

        private static Guid CurrentRunspace => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

        private static (Guid, Type) Key<T>() => (CurrentRunspace, typeof(T));

        public static T? GetDefault<T>() where T : SportsDataConnection =>
            Defaults.TryGetValue(Key<T>(), out SportsDataConnection? connection) && !connection.IsDisconnected ? (T)connection : null;

        /// <summary>
        /// Makes a connection the default of its vendor in this runspace, closing the previous connection of that vendor
        /// with the same name (unnamed replaces unnamed); connections with other names stay open.
        /// </summary>
        public static void SetDefault<T>(T connection) where T : SportsDataConnection
        {
            Defaults[Key<T>()] = connection;
            SportsDataConnection? previous = null;
            Named.AddOrUpdate((CurrentRunspace, typeof(T), connection.Name ?? string.Empty), connection, (_, old) => { previous = old; return connection; });
            if (previous != null && !ReferenceEquals(previous, connection)) previous.Dispose();
        }

        /// <summary>The open connections made in this runspace (each vendor's unnamed one and every named one).</summary>
        public static IReadOnlyList<SportsDataConnection> SessionConnections()
        {
            Guid runspace = CurrentRunspace;
            return Named.Where(p => p.Key.Runspace == runspace && !p.Value.IsDisconnected).Select(p => p.Value).ToList();
        }

        public static bool RemoveDefault<T>(T? onlyIf = null) where T : SportsDataConnection
        {
            var key = Key<T>();
            if (!Defaults.TryGetValue(key, out SportsDataConnection? current)) return false;
            if (onlyIf != null && !ReferenceEquals(current, onlyIf)) return false;
            Named.TryRemove((key.Item1, key.Item2, current.Name ?? string.Empty), out _);
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
