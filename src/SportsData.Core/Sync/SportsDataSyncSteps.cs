using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Connections;
using SportsData.Database;

namespace SportsData.Sync
{
    /// <summary>
    /// Which connections Sync-SportsData syncs, and in which order: <see cref="SyncVendor.All"/>'s order, then by name.
    /// </summary>
    public static class SyncPlan
    {
        /// <summary>
        /// The connections to sync. None, or two of one vendor with one name (they would share a folder), is an error naming
        /// -Connection; a closed connection is skipped with its own error (<paramref name="skipped"/>: the error and its
        /// label), one of a vendor with no sync with a warning.
        /// </summary>
        public static List<(SyncVendor Vendor, SportsDataConnection Connection)> Of(IReadOnlyList<SportsDataConnection> connections,
            Action<SportsDataException, string> skipped, Action<string> warn)
        {
            if (connections.Count == 0)
            {
                throw new SportsDataException(ErrorIds.SportsDataNotConnected, FailureKind.NotConnected,
                    "No vendor is connected in this session. Connect first (Connect-PolarTeamPro, Connect-Valor, Connect-Aikynetix; -Sandbox to try the demo data), or pass -Connection.")
                { ParameterName = "Connection" };
            }
            var duplicate = connections.GroupBy(c => (c.GetType(), c.Name ?? string.Empty)).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                string name = duplicate.Key.Item2.Length == 0 ? "no -Name" : $"the -Name '{duplicate.Key.Item2}'";
                throw SportsDataException.InvalidArgument("Connection",
                    $"-Connection has {duplicate.Count()} {duplicate.First().Vendor} connections with {name}; each syncs into its own folder, so give each its own name when connecting (-Name men, -Name women).");
            }
            var jobs = new List<(SyncVendor, SportsDataConnection)>();
            foreach (SportsDataConnection connection in connections)
            {
                SyncVendor? vendor = SyncVendor.Of(connection);
                string label = vendor != null ? Label(vendor, connection) : connection.Vendor;
                if (connection.IsDisconnected)
                {
                    skipped(new SportsDataException(ErrorIds.NotConnected(connection.Vendor), FailureKind.NotConnected,
                        $"The {label} connection has been closed; it is skipped. Connect again to sync it.") { ParameterName = "Connection" }, label);
                }
                else if (vendor == null) warn($"Sync-SportsData cannot sync {connection.Vendor} connections; skipped.");
                else jobs.Add((vendor, connection));
            }
            return jobs.OrderBy(j => j.Item1.Order).ThenBy(j => j.Item2.Name ?? string.Empty, StringComparer.OrdinalIgnoreCase).ToList();
        }

        /// <summary>"Polar" or "Polar 'men'", for ShouldProcess and messages.</summary>
        public static string Label(SyncVendor vendor, SportsDataConnection connection) => SyncJob.LabelOf(vendor.Name, connection.Name);
    }

    /// <summary>
    /// Sync-SportsData -PublishConnectionString: publishes each dataset to PostgreSQL right after its sync, inside its
    /// <see cref="SyncJob"/>, and keeps the results until <see cref="ConcurrentSync"/> hands over the job's sync result.
    /// </summary>
    public sealed class SyncPublisher
    {
        private readonly string _connectionString;
        private readonly string? _userName;
        private readonly SecureString? _password;
        private readonly Dictionary<string, List<PublishResult>> _published = new Dictionary<string, List<PublishResult>>();

        public SyncPublisher(string connectionString, string? userName, SecureString? password)
        {
            _connectionString = connectionString;
            _userName = userName;
            _password = password;
        }

        /// <summary>Stops a run before any sync: publishing needs .NET 8, and a credential needs the connection string.</summary>
        public static void CheckParameters(string? connectionString, bool credentialGiven)
        {
            if (connectionString != null && !DatasetPublisher.IsAvailable)
            {
                SportsDataException unavailable = DatasetPublisher.NotAvailable();
                unavailable.ParameterName = "PublishConnectionString";
                throw unavailable;
            }
            if (credentialGiven && connectionString == null)
            {
                throw SportsDataException.InvalidArgument("PublishCredential", "-PublishCredential is for the database of -PublishConnectionString; add -PublishConnectionString, or leave -PublishCredential out.");
            }
        }

        /// <summary>The sync of <paramref name="folder"/>, then its publishing; the sync's result is returned either way.</summary>
        public Func<CancellationToken, Task<SyncResult>> After(Func<CancellationToken, Task<SyncResult>> sync, string folder, Action<Exception, object?> reportError) =>
            async token =>
            {
                SyncResult result = await sync(token).ConfigureAwait(false);
                List<PublishResult> loaded = await PublishAsync(folder, reportError, token).ConfigureAwait(false);
                lock (_published) _published[folder] = loaded;
                return result;
            };

        /// <summary>What publishing <paramref name="folder"/> wrote; empty when it was not published.</summary>
        public IReadOnlyList<PublishResult> ResultsOf(string folder)
        {
            lock (_published) return _published.TryGetValue(folder, out List<PublishResult>? results) ? results : (IReadOnlyList<PublishResult>)Array.Empty<PublishResult>();
        }

        /// <summary>
        /// Publishes one synced dataset. The dataset is complete file by file whatever the sync's outcome, so it is published
        /// even after a failed item; a folder the sync never created is skipped. A publish failure is its own error record
        /// and never hides the sync's result.
        /// </summary>
        private async Task<List<PublishResult>> PublishAsync(string folder, Action<Exception, object?> reportError, CancellationToken cancellationToken)
        {
            var results = new List<PublishResult>();
            if (!SyncDataset.IsDataset(folder)) return results;
            try
            {
                await DatasetPublisher.PublishAsync(new PublishOptions
                {
                    Path = folder,
                    ConnectionString = _connectionString,
                    UserName = _userName,
                    Password = _password != null ? new NetworkCredential(string.Empty, _password).Password : null,
                    ReportError = reportError,
                    WriteResult = result => { lock (results) results.Add(result); },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (SportsDataException ex)
            {
                reportError(ex.ParameterName == "ConnectionString" || ex.ParameterName == "Credential" ? ForThisCommand(ex) : ex, folder);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                reportError(ex, folder);
            }
            return results;
        }

        /// <summary>A publish failure about the database, naming Sync-SportsData's parameters (-PublishConnectionString, -PublishCredential).</summary>
        private static SportsDataException ForThisCommand(SportsDataException ex) =>
            new SportsDataException(ex.ErrorId, ex.Kind, ex.Message.Replace("-ConnectionString", "-PublishConnectionString").Replace("-Credential", "-PublishCredential"), null)
            {
                ParameterName = "Publish" + ex.ParameterName,
                Target = ex.Target,
            };
    }
}
