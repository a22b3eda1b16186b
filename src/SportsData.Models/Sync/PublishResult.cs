using System;

namespace SportsData.Sync
{
    /// <summary>What one Publish-SportsDataset run did for one dataset folder (one object per dataset).</summary>
    public class PublishResult
    {
        /// <summary>"Polar", "Valor" or "Aikynetix".</summary>
        public string Vendor { get; set; } = string.Empty;

        /// <summary>Full path of the dataset folder.</summary>
        public string Path { get; set; } = string.Empty;

        /// <summary>The database (as host:port/database) the dataset was published to; never the password.</summary>
        public string Database { get; set; } = string.Empty;

        /// <summary>The schema holding the dataset's tables.</summary>
        public string Schema { get; set; } = string.Empty;

        /// <summary>Table files whose changed rows were applied in this run.</summary>
        public int TablesLoaded { get; set; }

        /// <summary>Sample files (Polar samples and RR intervals, Valor IK data) loaded or replaced in this run.</summary>
        public int FilesLoaded { get; set; }

        /// <summary>Sample files gone from the dataset whose rows were removed in this run.</summary>
        public int FilesRemoved { get; set; }

        /// <summary>Tables and files already in the database in the same version: not read again.</summary>
        public int Unchanged { get; set; }

        /// <summary>Tables and files that failed (each also written as a non-terminating error); the next run tries them again.</summary>
        public int Failed { get; set; }

        /// <summary>Rows inserted, updated or deleted in this run.</summary>
        public long Rows { get; set; }

        public DateTime StartTime { get; set; }

        public DateTime EndTime { get; set; }

        public TimeSpan Duration => EndTime - StartTime;

        /// <summary><see cref="Duration"/> in seconds: a number every Excel locale reads.</summary>
        public double DurationSeconds => Durations.Seconds(Duration);

        public override string ToString() =>
            $"{Vendor} -> {Schema}: {TablesLoaded} tables, {FilesLoaded} files loaded, {FilesRemoved} removed, {Unchanged} unchanged, {Failed} failed, {Rows} rows";
    }
}
