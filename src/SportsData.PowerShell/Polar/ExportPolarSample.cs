using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Export;
using SportsData.IO;
using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>
    /// Writes the samples of player sessions straight from the responses to CSV, CSV.gz or Parquet files, with no
    /// object per row: one file for all sessions (input order) or, with -PerSession, one file per player session.
    /// Takes the same input as Get-PolarSample. Several sessions are fetched at once (-ThrottleLimit) through the
    /// connection's rate limit. A session that fails writes no rows and is its own error; the others go on.
    /// Files are written under a temporary name and renamed when complete.
    /// </summary>
    [Cmdlet(VerbsData.Export, "PolarSample", SupportsShouldProcess = true)]
    [OutputType(typeof(PolarSampleFile))]
    public sealed class ExportPolarSample : PlayerSessionReadAheadCmdlet<ExportPolarSample.Fetched>
    {
        private string _fullPath = string.Empty;
        private DataFormat _format;
        private PolarSampleType _types;
        private PolarSampleFileTarget? _file;
        private bool _skipAll;

        public ExportPolarSample()
        {
            // Each session in flight holds its encoded rows until its turn to be written: 4 keep memory flat and
            // still overlap slow server answers (20 sessions at 500 ms each: about a third of the sequential time).
            ThrottleLimit = 4;
        }

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
                _fullPath = ResolvePath();
                _format = ChooseFormat();
                _types = PolarSampleTypes.Combine(SampleType);
                if (Append && _format == DataFormat.Parquet)
                {
                    throw SportsDataException.InvalidArgument("Append", "-Append works with -Format Csv and CsvGzip; a Parquet file cannot be appended to. Write a new file, or choose Csv/CsvGzip.");
                }
                if (Encoding == CsvEncoding.Utf8Bom && _format != DataFormat.Csv)
                {
                    throw SportsDataException.InvalidArgument("Encoding", $"-Encoding Utf8Bom is for -Format Csv (a file Excel opens); {_format} files have no text encoding choice. Drop -Encoding, or use -Format Csv.");
                }
                if (_format == DataFormat.Parquet && !PolarSampleFileWriter.IsFormatAvailable(DataFormat.Parquet))
                {
                    throw PolarSampleFileWriter.FormatNotAvailable(DataFormat.Parquet);
                }
                if (PerSession) return;
                if (NoClobber && !Append && File.Exists(_fullPath))
                {
                    throw new SportsDataException("Export.FileExists", FailureKind.InvalidOperation, $"'{_fullPath}' already exists and -NoClobber is set. Remove -NoClobber to replace it, add -Append, or give another -Path.") { ParameterName = "Path" };
                }
                if (!ShouldProcess(_fullPath, Append && File.Exists(_fullPath) ? "Append Polar sample rows" : "Write Polar sample rows"))
                {
                    _skipAll = true;
                    return;
                }
                _file = PolarSampleFileTarget.Open(_fullPath, _format, _types, Append, Force, Encoding == CsvEncoding.Utf8Bom);
            }
            catch (SportsDataException ex)
            {
                ThrowFailure(ex, Path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                ThrowFailure(new SportsDataException("Export.PathNotWritable", FailureKind.InvalidArgument, $"Cannot write to -Path '{Path}': {ex.Message}", ex) { ParameterName = "Path" }, Path);
            }
        }

        protected override bool Accept(PlayerSessionItem item)
        {
            if (_skipAll) return false;
            if (!PerSession) return true;
            string file = PerSessionPath(item.PlayerSessionId);
            if (NoClobber && !Append && File.Exists(file))
            {
                WriteError(ErrorRecords.From(new SportsDataException("Export.FileExists", FailureKind.InvalidOperation, $"'{file}' already exists and -NoClobber is set; player session {item.PlayerSessionId} was not exported."), item.PlayerSessionId));
                return false;
            }
            return ShouldProcess(file, Append && File.Exists(file) ? "Append Polar sample rows" : "Write Polar sample rows");
        }

        protected override async Task<Fetched> FetchAsync(PlayerSessionItem item, CancellationToken cancellationToken)
        {
            if (_file != null)
            {
                // Encoded inside the retry policy: a body that does not read is fetched again, then fails as this session's error.
                PolarSampleChunk chunk = await Client.ReadPlayerSessionBodyAsync(item.PlayerSessionId, _types,
                    (body, length) => _file.Writer.Encode(body, length, item.PlayerSessionId, item.PlayerId, item.TeamSessionId), cancellationToken).ConfigureAwait(false);
                return new Fetched(chunk, null);
            }
            // The temporary file comes first so the body is encoded from its pooled buffer; a failed fetch removes it.
            using PolarSampleFileTarget target = PolarSampleFileTarget.Open(PerSessionPath(item.PlayerSessionId), _format, _types, Append, Force, Encoding == CsvEncoding.Utf8Bom);
            PolarSampleChunk sessionRows = await Client.ReadPlayerSessionBodyAsync(item.PlayerSessionId, _types,
                (body, length) => target.Writer.Encode(body, length, item.PlayerSessionId, item.PlayerId, item.TeamSessionId), cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            target.Writer.Write(sessionRows);
            PolarSampleFile written = target.Commit();
            written.PlayerSessionId = item.PlayerSessionId;
            return new Fetched(null, written);
        }

        protected override Task EmitAsync(PlayerSessionItem item, Fetched fetched, PipelineChannel channel, CancellationToken cancellationToken)
        {
            if (fetched.Chunk != null)
            {
                long rows = _file!.Writer.Write(fetched.Chunk);
                channel.Verbose($"Polar: player session {item.PlayerSessionId}: {rows} sample row(s) written to {_file.Path}.");
                channel.Progress("Polar: exporting samples", _file.Writer.SessionsWritten + " session(s), " + _file.Writer.RowsWritten + " row(s) to " + _file.Path, _file.Writer.SessionsWritten, null);
            }
            else if (fetched.File != null)
            {
                channel.Verbose($"Polar: player session {item.PlayerSessionId}: {fetched.File.Rows} sample row(s) written to {fetched.File.Path}.");
                if (PassThru) channel.WriteObject(fetched.File);
            }
            return Task.CompletedTask;
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (_file == null) return;
            PolarSampleFile written;
            try
            {
                written = _file.Commit();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowFailure(new SportsDataException("Export.CommitFailed", FailureKind.InvalidOperation, $"The sample file '{_file.Path}' could not be completed: {ex.Message}", ex), _file.Path);
                return;
            }
            WriteVerbose($"Polar: {written.Rows} sample row(s) of {written.Sessions} player session(s) in {written.Path} ({written.Bytes} bytes).");
            if (PassThru) WriteObject(written);
        }

        protected override void OnDispose()
        {
            _file?.Dispose();
        }

        private string ResolvePath()
        {
            string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (PerSession)
            {
                if (File.Exists(full))
                {
                    throw SportsDataException.InvalidArgument("Path", $"-Path '{Path}' is a file; with -PerSession give a folder for one file per player session.");
                }
                if (!Directory.Exists(full) && ShouldProcess(full, "Create folder"))
                {
                    Directory.CreateDirectory(full);
                }
                return full;
            }
            if (Directory.Exists(full))
            {
                throw SportsDataException.InvalidArgument("Path", $"-Path '{Path}' is a folder. Give a file name such as samples.csv, or add -PerSession for one file per player session in that folder.");
            }
            string? folder = System.IO.Path.GetDirectoryName(full);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
            {
                throw SportsDataException.InvalidArgument("Path", $"The folder of -Path '{Path}' does not exist. Create it first, or give a -Path in an existing folder.");
            }
            return full;
        }

        private DataFormat ChooseFormat()
        {
            if (Format != null) return Format.Value;
            if (PerSession) return DataFormat.Csv;
            DataFormat? implied = PolarSampleFileWriter.FormatFromPath(_fullPath);
            if (implied == null)
            {
                throw SportsDataException.InvalidArgument("Format", $"Cannot tell the file format from the name '{System.IO.Path.GetFileName(_fullPath)}'. End -Path in .csv, .csv.gz or .parquet, or give -Format Csv, CsvGzip or Parquet.");
            }
            return implied.Value;
        }

        private string PerSessionPath(string playerSessionId)
        {
            foreach (char c in System.IO.Path.GetInvalidFileNameChars()) playerSessionId = playerSessionId.Replace(c, '_');
            return System.IO.Path.Combine(_fullPath, playerSessionId + PolarSampleFileWriter.FileExtension(_format));
        }

        /// <summary>One session's fetched part: an encoded chunk for the shared file, or the per-session file already written.</summary>
        public sealed class Fetched
        {
            public Fetched(PolarSampleChunk? chunk, PolarSampleFile? file)
            {
                Chunk = chunk;
                File = file;
            }

            public PolarSampleChunk? Chunk { get; }

            public PolarSampleFile? File { get; }
        }
    }
}
