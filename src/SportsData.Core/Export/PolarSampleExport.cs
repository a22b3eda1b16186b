using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Http;
using SportsData.Polar;

namespace SportsData.Export
{
    /// <summary>What Export-PolarSample was asked for, before any rule is applied.</summary>
    public sealed class PolarSampleExportRequest
    {
        /// <summary>-Path as the user gave it (for messages).</summary>
        public string GivenPath { get; set; } = string.Empty;

        /// <summary>-Path resolved to a full file system path.</summary>
        public string FullPath { get; set; } = string.Empty;

        public DataFormat? Format { get; set; }

        public PolarSampleType[] SampleTypes { get; set; } = { PolarSampleType.All };

        public bool PerSession { get; set; }

        public bool Append { get; set; }

        public bool NoClobber { get; set; }

        public bool Force { get; set; }

        public CsvEncoding Encoding { get; set; } = CsvEncoding.Utf8NoBom;
    }

    /// <summary>One player session's fetched part: an encoded chunk for the shared file, or its own file already written.</summary>
    public sealed class PolarSampleExportPart(PolarSampleChunk? chunk, PolarSampleFile? file)
    {
        public PolarSampleChunk? Chunk { get; } = chunk;

        public PolarSampleFile? File { get; } = file;
    }

    /// <summary>
    /// The file and format rules of one Export-PolarSample run: which format a path implies, which parameter
    /// combinations cannot work, where each file goes, when an existing file stops the export, and the files
    /// themselves (one shared file in input order, or one per player session, each written under a temporary name).
    /// The cmdlet keeps only ShouldProcess and the pipeline.
    /// </summary>
    public sealed class PolarSampleExport : IDisposable
    {
        private const string WriteAction = "Write Polar sample rows";
        private const string AppendAction = "Append Polar sample rows";
        private readonly PolarSampleExportRequest _request;

        private PolarSampleExport(PolarSampleExportRequest request, DataFormat format, PolarSampleType types)
        {
            _request = request;
            Format = format;
            Types = types;
        }

        /// <summary>The full path: the file, or with -PerSession the folder.</summary>
        public string Path => _request.FullPath;

        public DataFormat Format { get; }

        public PolarSampleType Types { get; }

        public bool PerSession => _request.PerSession;

        /// <summary>The shared file once <see cref="OpenSharedFile"/> has opened it; null with -PerSession.</summary>
        public PolarSampleFileTarget? SharedFile { get; private set; }

        /// <summary>With -PerSession, the folder does not exist yet (the caller creates it, under ShouldProcess).</summary>
        public bool FolderMissing => PerSession && !Directory.Exists(Path);

        private bool Utf8Bom => _request.Encoding == CsvEncoding.Utf8Bom;

        /// <summary>Checks the path and the parameter combinations and settles the format; throws the error that names the parameter to fix.</summary>
        public static PolarSampleExport Prepare(PolarSampleExportRequest request)
        {
            CheckPath(request);
            DataFormat format = ChooseFormat(request);
            PolarSampleType types = PolarSampleTypes.Combine(request.SampleTypes);
            if (request.Append && format == DataFormat.Parquet)
            {
                throw SportsDataException.InvalidArgument("Append", "-Append works with -Format Csv and CsvGzip; a Parquet file cannot be appended to. Write a new file, or choose Csv/CsvGzip.");
            }
            if (request.Encoding == CsvEncoding.Utf8Bom && format != DataFormat.Csv)
            {
                throw SportsDataException.InvalidArgument("Encoding", $"-Encoding Utf8Bom is for -Format Csv (a file Excel opens); {format} files have no text encoding choice. Drop -Encoding, or use -Format Csv.");
            }
            if (format == DataFormat.Parquet && !PolarSampleFileWriter.IsFormatAvailable(DataFormat.Parquet))
            {
                throw PolarSampleFileWriter.FormatNotAvailable(DataFormat.Parquet);
            }
            if (!request.PerSession && KeepsExisting(request, request.FullPath))
            {
                throw new SportsDataException(ErrorIds.Export.FileExists, FailureKind.InvalidOperation, $"'{request.FullPath}' already exists and -NoClobber is set. Remove -NoClobber to replace it, add -Append, or give another -Path.") { ParameterName = "Path" };
            }
            return new PolarSampleExport(request, format, types);
        }

        /// <summary>The error for a path that cannot be written (an I/O or access failure while preparing or opening).</summary>
        public static SportsDataException PathNotWritable(string givenPath, Exception cause) =>
            new SportsDataException(ErrorIds.Export.PathNotWritable, FailureKind.InvalidArgument, $"Cannot write to -Path '{givenPath}': {cause.Message}", cause) { ParameterName = "Path" };

        /// <summary>True for the failures <see cref="PathNotWritable"/> reports.</summary>
        public static bool IsPathFailure(Exception exception) =>
            exception is IOException || exception is UnauthorizedAccessException || exception is NotSupportedException || exception is ArgumentException;

        /// <summary>What ShouldProcess is asked for a file.</summary>
        public string ActionFor(string file) => _request.Append && System.IO.File.Exists(file) ? AppendAction : WriteAction;

        /// <summary>With -PerSession, the file of one player session in the folder, named by the portable rule every module file follows.</summary>
        public string SessionFilePath(string playerSessionId) =>
            System.IO.Path.Combine(Path, SportsData.Sync.DatasetFileName.Segment(playerSessionId) + PolarSampleFileWriter.FileExtension(Format));

        /// <summary>With -PerSession and -NoClobber, the error that skips a session whose file exists; null when it may be written.</summary>
        public SportsDataException? RefuseSessionFile(string file, string playerSessionId) =>
            KeepsExisting(_request, file)
                ? new SportsDataException(ErrorIds.Export.FileExists, FailureKind.InvalidOperation, $"'{file}' already exists and -NoClobber is set; player session {playerSessionId} was not exported.")
                : null;

        /// <summary>-NoClobber without -Append, and <paramref name="file"/> exists: it is not replaced.</summary>
        private static bool KeepsExisting(PolarSampleExportRequest request, string file) => request.NoClobber && !request.Append && System.IO.File.Exists(file);

        public void OpenSharedFile()
        {
            SharedFile = PolarSampleFileTarget.Open(Path, Format, Types, _request.Append, _request.Force, Utf8Bom);
        }

        /// <summary>
        /// Fetches one player session: encoded for the shared file (written later, in input order, by <see cref="Deliver"/>),
        /// or with -PerSession written to its own file and committed.
        /// </summary>
        public async Task<PolarSampleExportPart> FetchAsync(PolarClient client, string playerSessionId, string? playerId, string? teamSessionId, CancellationToken cancellationToken)
        {
            // Encoded inside the retry policy: a body that does not read is fetched again, then fails as this session's error.
            Task<PolarSampleChunk> EncodeInto(PolarSampleFileTarget target) => client.ReadPlayerSessionBodyAsync(playerSessionId, Types,
                (body, length) => target.Writer.Encode(body, length, playerSessionId, playerId, teamSessionId), cancellationToken);

            if (SharedFile != null) return new PolarSampleExportPart(await EncodeInto(SharedFile).ConfigureAwait(false), null);
            // The temporary file comes first so the body is encoded from its pooled buffer; a failed fetch removes it.
            using PolarSampleFileTarget target = PolarSampleFileTarget.Open(SessionFilePath(playerSessionId), Format, Types, _request.Append, _request.Force, Utf8Bom);
            PolarSampleChunk sessionRows = await EncodeInto(target).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            target.Writer.Write(sessionRows);
            PolarSampleFile written = target.Commit();
            written.PlayerSessionId = playerSessionId;
            return new PolarSampleExportPart(null, written);
        }

        /// <summary>
        /// Delivers one fetched session, in input order: its rows go to the shared file (with a verbose line and progress on
        /// <paramref name="log"/>), or its own file, already written, is reported and returned (for -PassThru).
        /// </summary>
        public PolarSampleFile? Deliver(string playerSessionId, PolarSampleExportPart fetched, IRequestLog log)
        {
            PolarSampleFileTarget? shared = SharedFile;
            if (fetched.Chunk != null && shared != null)
            {
                long rows = shared.Writer.Write(fetched.Chunk);
                log.Verbose($"Polar: player session {playerSessionId}: {rows} sample row(s) written to {shared.Path}.");
                log.Progress("Polar: exporting samples", shared.Writer.SessionsWritten + " session(s), " + shared.Writer.RowsWritten + " row(s) to " + shared.Path, shared.Writer.SessionsWritten, null);
                return null;
            }
            if (fetched.File != null) log.Verbose($"Polar: player session {playerSessionId}: {fetched.File.Rows} sample row(s) written to {fetched.File.Path}.");
            return fetched.File;
        }

        /// <summary>Completes the shared file; an I/O failure is <see cref="ErrorIds.Export.CommitFailed"/>.</summary>
        public PolarSampleFile CommitShared()
        {
            try
            {
                return SharedFile!.Commit();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SportsDataException(ErrorIds.Export.CommitFailed, FailureKind.InvalidOperation, $"The sample file '{SharedFile!.Path}' could not be completed: {ex.Message}", ex);
            }
        }

        public void Dispose()
        {
            SharedFile?.Dispose();
        }

        private static void CheckPath(PolarSampleExportRequest request)
        {
            string full = request.FullPath;
            if (request.PerSession)
            {
                if (System.IO.File.Exists(full))
                {
                    throw SportsDataException.InvalidArgument("Path", $"-Path '{request.GivenPath}' is a file; with -PerSession give a folder for one file per player session.");
                }
                return;
            }
            if (Directory.Exists(full))
            {
                throw SportsDataException.InvalidArgument("Path", $"-Path '{request.GivenPath}' is a folder. Give a file name such as samples.csv, or add -PerSession for one file per player session in that folder.");
            }
            string? folder = System.IO.Path.GetDirectoryName(full);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
            {
                throw SportsDataException.InvalidArgument("Path", $"The folder of -Path '{request.GivenPath}' does not exist. Create it first, or give a -Path in an existing folder.");
            }
        }

        private static DataFormat ChooseFormat(PolarSampleExportRequest request)
        {
            if (request.Format != null) return request.Format.Value;
            if (request.PerSession) return DataFormat.Csv;
            DataFormat? implied = PolarSampleFileWriter.FormatFromPath(request.FullPath);
            if (implied == null)
            {
                throw SportsDataException.InvalidArgument("Format", $"Cannot tell the file format from the name '{System.IO.Path.GetFileName(request.FullPath)}'. End -Path in .csv, .csv.gz or .parquet, or give -Format Csv, CsvGzip or Parquet.");
            }
            return implied.Value;
        }
    }
}
