using System;
using System.Threading.Tasks;
using SportsData.Sync;

namespace SportsData.Database
{
    /// <summary>What Publish-SportsDataset passes to <see cref="DatasetPublisher"/>.</summary>
    public sealed class PublishOptions
    {
        /// <summary>A dataset folder (Sync-PolarTeamPro, Sync-Valor, Sync-ManagedSession) or a Sync-SportsData root holding some.</summary>
        public string Path { get; set; } = string.Empty;

        /// <summary>Npgsql keyword form: Host=..;Port=..;Database=..;Username=..</summary>
        public string ConnectionString { get; set; } = string.Empty;

        /// <summary>Overrides Username= (from a PSCredential).</summary>
        public string? UserName { get; set; }

        /// <summary>Overrides Password= (from a PSCredential); plain text only for the moment the connection opens.</summary>
        public string? Password { get; set; }

        /// <summary>The schema of a single dataset; null: the vendor's name (polar, valor, aikynetix).</summary>
        public string? Schema { get; set; }

        /// <summary>Sample files loaded at the same time, each on its own connection in its own transaction (default 4).</summary>
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        public const int DefaultThrottleLimit = Defaults.PublishThrottleLimit;

        /// <summary>Asked once per dataset: (target, action) -> go ahead (false under -WhatIf: the dataset is not touched).</summary>
        public Func<string, string, Task<bool>>? ShouldProcess { get; set; }

        /// <summary>Receives each failed table or file (a non-terminating error) and its unit; the load goes on.</summary>
        public Action<Exception, object?>? ReportError { get; set; }

        /// <summary>Receives each dataset's result as it finishes.</summary>
        public Action<PublishResult>? WriteResult { get; set; }

        /// <summary>Test hook: called with each unit's name before it is applied.</summary>
        public Action<string>? BeforeUnit { get; set; }
    }

    /// <summary>
    /// Mirrors synced dataset folders into a database, exactly once: each table's changed rows and each sample file
    /// is applied in one transaction with its load record. PostgreSQL only, on .NET 8 (PowerShell 7.4+).
    /// </summary>
    public static partial class DatasetPublisher
    {
        public const string Activity = "Publishing dataset";

        /// <summary>False on the netstandard2.0 build (Windows PowerShell 5.1): the PostgreSQL client needs .NET 8.</summary>
        public static bool IsAvailable => BuildTarget.IsNet8;

        public static SportsDataException NotAvailable() =>
            new SportsDataException(ErrorIds.Publish.NeedsPowerShell7, FailureKind.InvalidOperation,
                "Publish-SportsDataset needs PowerShell 7.4 or later (.NET 8): its PostgreSQL client (Npgsql) does not run on Windows PowerShell 5.1. " +
                "Install PowerShell 7 (https://aka.ms/powershell) and run the command in pwsh; the datasets Sync-* wrote under Windows PowerShell are read as they are.");

#if !NET8_0_OR_GREATER
        public static Task PublishAsync(PublishOptions options, System.Threading.CancellationToken cancellationToken) => throw NotAvailable();
#endif
    }
}
