namespace SportsData.Polar
{
    /// <summary>One file Export-PolarSample wrote (-PassThru): where, in what format, how many rows and bytes.</summary>
    public sealed class PolarSampleFile
    {
        /// <summary>Full path of the file.</summary>
        public string Path { get; set; } = string.Empty;

        public DataFormat Format { get; set; }

        /// <summary>Player sessions in the file (with -PerSession, 1).</summary>
        public int Sessions { get; set; }

        /// <summary>The player session, with -PerSession; null for a file of several sessions.</summary>
        public string? PlayerSessionId { get; set; }

        /// <summary>Sample rows written by this command (with -Append, the rows added).</summary>
        public long Rows { get; set; }

        /// <summary>Size of the file on disk.</summary>
        public long Bytes { get; set; }

        /// <summary>True when rows were added to an existing file (-Append).</summary>
        public bool Appended { get; set; }
    }
}
