using System.IO;
using SportsData.Export;
using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>
    /// Writes the samples of player sessions straight from the responses to CSV, CSV.gz or Parquet files, with no
    /// object per row: one file for all sessions (input order) or, with -PerSession, one file per player session.
    /// Takes the same input as Get-PolarSample. Several sessions are fetched at once (-ThrottleLimit) through the
    /// connection's rate limit. A session that fails writes no rows and is its own error; the others go on.
    /// Files are written under a temporary name and renamed when complete. The file and format rules are
    /// <see cref="PolarSampleExport"/>'s; this cmdlet binds the parameters, asks ShouldProcess and writes the output.
    /// </summary>
    [Cmdlet(VerbsData.Export, "PolarSample", SupportsShouldProcess = true)]
    [OutputType(typeof(PolarSampleFile))]
    public sealed class ExportPolarSample : PlayerSessionReadAheadCmdlet<PolarSampleExportPart>
    {
        private PolarSampleExport? _export;
        private bool _skipAll;

        public ExportPolarSample() => ThrottleLimit = Defaults.ExportThrottleLimit;

        /// <summary>The file to write (all sessions, in input order), or with -PerSession the folder for one file per player session.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Csv, CsvGzip or Parquet. Default: from the file extension (.csv, .csv.gz, .parquet); Csv for -PerSession.</summary>
        [Parameter]
        public DataFormat? Format { get; set; }

        /// <summary>Sample types to write as columns: Distance, Location, HR, Speed, Cadence, Altitude, ForwardAcceleration, RR, Power, or All (default).</summary>
        [Parameter]
        [Alias("Type")]
        public PolarSampleType[] SampleType { get; set; } = { PolarSampleType.All };

        /// <summary>One file per player session in the -Path folder, named by the player session id and the format's extension.</summary>
        [Parameter]
        public SwitchParameter PerSession { get; set; }

        /// <summary>Add the rows to the end of an existing file (Csv, CsvGzip) instead of replacing it.</summary>
        [Parameter]
        public SwitchParameter Append { get; set; }

        /// <summary>Do not replace an existing file.</summary>
        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Replace read-only files; with -Append, append with the existing file's own columns.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Utf8NoBom (default) or Utf8Bom: a new Csv file starts with a UTF-8 byte-order mark, so Excel opens it as UTF-8. Csv only.</summary>
        [Parameter]
        public CsvEncoding Encoding { get; set; } = CsvEncoding.Utf8NoBom;

        /// <summary>Write one object per file written: path, format, sessions, rows, bytes.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Activity => "sample export";

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                _export = PolarSampleExport.Prepare(new PolarSampleExportRequest
                {
                    GivenPath = Path, FullPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path), Format = Format, SampleTypes = SampleType,
                    PerSession = PerSession, Append = Append, NoClobber = NoClobber, Force = Force, Encoding = Encoding,
                });
                if (_export.FolderMissing && ShouldProcess(_export.Path, "Create folder")) Directory.CreateDirectory(_export.Path);
                if (PerSession) return;
                _skipAll = !ShouldProcess(_export.Path, _export.ActionFor(_export.Path));
                if (!_skipAll) _export.OpenSharedFile();
            }
            catch (Exception ex) when (ex is SportsDataException || PolarSampleExport.IsPathFailure(ex))
            {
                ThrowFailure(ex as SportsDataException ?? PolarSampleExport.PathNotWritable(Path, ex), Path);
            }
        }

        protected override bool Accept(PlayerSessionItem item)
        {
            if (_skipAll) return false;
            if (!PerSession) return true;
            string file = _export!.SessionFilePath(item.PlayerSessionId);
            SportsDataException? refused = _export.RefuseSessionFile(file, item.PlayerSessionId);
            if (refused != null)
            {
                WriteError(ErrorRecords.From(refused, item.PlayerSessionId));
                return false;
            }
            return ShouldProcess(file, _export.ActionFor(file));
        }

        protected override Task<PolarSampleExportPart> FetchAsync(PlayerSessionItem item, CancellationToken cancellationToken) =>
            _export!.FetchAsync(Client, item.PlayerSessionId, item.PlayerId, item.TeamSessionId, cancellationToken);

        protected override Task EmitAsync(PlayerSessionItem item, PolarSampleExportPart fetched, PipelineChannel channel, CancellationToken cancellationToken)
        {
            PolarSampleFile? file = _export!.Deliver(item.PlayerSessionId, fetched, channel);
            if (file != null && PassThru) channel.WriteObject(file);
            return Task.CompletedTask;
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (_export?.SharedFile == null) return;
            PolarSampleFile written = Checked(() => _export.CommitShared(), _ => _export.SharedFile.Path);
            WriteVerbose($"Polar: {written.Rows} sample row(s) of {written.Sessions} player session(s) in {written.Path} ({written.Bytes} bytes).");
            if (PassThru) WriteObject(written);
        }

        protected override void OnDispose()
        {
            _export?.Dispose();
        }
    }
}
