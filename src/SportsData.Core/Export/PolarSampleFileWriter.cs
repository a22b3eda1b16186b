using System;
using System.Collections.Concurrent;
using System.IO;
using System.IO.Compression;
using System.Threading;
using SportsData.Polar;

namespace SportsData.Export
{
    /// <summary>
    /// Writes the sample rows of player session responses straight from the response bytes to a CSV, CSV.gz or
    /// Parquet stream: no row objects, no string per value. Rows hold exactly the values Get-PolarSample returns
    /// (the same <see cref="PolarSampleRows"/> rules). Each session is encoded completely before a byte of it is
    /// written, so a body that does not read leaves the output untouched. The destination is never closed here.
    /// </summary>
    public sealed class PolarSampleFileWriter : IDisposable
    {
        private readonly Stream _destination;
        private readonly Stream _output;
        private readonly PolarSampleColumns _columns;
        private static readonly SemaphoreSlim EncodeSlots = new SemaphoreSlim(Environment.ProcessorCount);
        private readonly ConcurrentBag<PolarSampleChunk> _spareChunks = new ConcurrentBag<PolarSampleChunk>();
        private readonly IPolarSampleFormat _format;
        private bool _started;
        private bool _completed;
        private bool _disposed;

        /// <summary>A writer for a new file: CSV formats start with the header row.</summary>
        public PolarSampleFileWriter(Stream destination, DataFormat format, PolarSampleType columns)
            : this(destination, format, columns, writeHeader: true)
        {
        }

        /// <param name="destination">Where the file goes; left open.</param>
        /// <param name="format">File format.</param>
        /// <param name="columns">Sample types to write as columns (None or All: every type).</param>
        /// <param name="writeHeader">False to append rows to an existing CSV file that already has the header (Csv, CsvGzip).</param>
        public PolarSampleFileWriter(Stream destination, DataFormat format, PolarSampleType columns, bool writeHeader)
            : this(destination, format, columns, writeHeader, GzipBlocks.IsSupported)
        {
        }

        /// <param name="gzipBlocks">
        /// CsvGzip: compress each session where it is encoded (<see cref="GzipBlocks"/>), or, where the runtime cannot
        /// (Windows PowerShell 5.1), the whole stream with one GZipStream. Tests set it to reach the 5.1 path.
        /// </param>
        internal PolarSampleFileWriter(Stream destination, DataFormat format, PolarSampleType columns, bool writeHeader, bool gzipBlocks)
        {
            _destination = destination ?? throw new ArgumentNullException(nameof(destination));
            Format = format;
            _columns = new PolarSampleColumns(columns);
            switch (format)
            {
                case DataFormat.Csv:
                    _output = destination;
                    _format = new PolarSampleCsvFormat(_columns, writeHeader);
                    break;
                case DataFormat.CsvGzip:
                    // A new gzip member; appended to an existing .csv.gz it makes a valid multi-member file.
                    if (gzipBlocks)
                    {
                        _output = destination;
                        _format = new PolarSampleCsvFormat(_columns, writeHeader, gzip: true);
                    }
                    else
                    {
                        _output = new GZipStream(destination, PolarSampleCsvFormat.GzipLevel, leaveOpen: true);
                        _format = new PolarSampleCsvFormat(_columns, writeHeader);
                    }
                    break;
                case DataFormat.Parquet:
                    if (!writeHeader) throw new SportsDataException(ErrorIds.Export.ParquetAppend, FailureKind.InvalidArgument, "A Parquet file cannot be appended to. Write a new file, or use -Format Csv or CsvGzip with -Append.");
                    _output = destination;
                    _format = PolarSampleParquetSupport.Create(_columns, destination);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown data format.");
            }
        }

        public DataFormat Format { get; }

        /// <summary>The snake_case column names, in file order.</summary>
        public string[] ColumnNames => _columns.Names;

        /// <summary>Rows written to the destination so far.</summary>
        public long RowsWritten { get; private set; }

        /// <summary>Player sessions written so far (including sessions without rows).</summary>
        public int SessionsWritten { get; private set; }

        /// <summary>".csv", ".csv.gz" or ".parquet".</summary>
        public static string FileExtension(DataFormat format) => format switch
        {
            DataFormat.Csv => ".csv",
            DataFormat.CsvGzip => ".csv.gz",
            DataFormat.Parquet => ".parquet",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown data format."),
        };

        /// <summary>False for Parquet on the netstandard2.0 build (Windows PowerShell 5.1).</summary>
        public static bool IsFormatAvailable(DataFormat format) => format != DataFormat.Parquet || PolarSampleParquetSupport.IsAvailable;

        /// <summary>The error for a format this build cannot write (names PowerShell 7.4 as the fix).</summary>
        public static SportsDataException FormatNotAvailable(DataFormat format) => PolarSampleParquetSupport.NotAvailable();

        /// <summary>The format a file name implies (.csv, .csv.gz/.gz, .parquet/.pq), or null.</summary>
        public static DataFormat? FormatFromPath(string path)
        {
            string name = Path.GetFileName(path ?? string.Empty).ToLowerInvariant();
            if (name.EndsWith(".csv.gz", StringComparison.Ordinal) || name.EndsWith(".gz", StringComparison.Ordinal)) return DataFormat.CsvGzip;
            if (name.EndsWith(".csv", StringComparison.Ordinal)) return DataFormat.Csv;
            if (name.EndsWith(".parquet", StringComparison.Ordinal) || name.EndsWith(".pq", StringComparison.Ordinal)) return DataFormat.Parquet;
            return null;
        }

        /// <summary>
        /// Appends the rows of one player-session response body (the JSON of GET v1/training_sessions/{id}?samples=...).
        /// A body that does not read throws SportsDataException (FailureKind.InvalidData) and nothing is written.
        /// Returns the rows written for this session.
        /// </summary>
        public long WriteSession(byte[] body, int length, string playerSessionId, string? playerId, string? teamSessionId)
        {
            PolarSampleChunk chunk = Encode(body, length, playerSessionId, playerId, teamSessionId);
            return Write(chunk);
        }

        /// <summary>
        /// Encodes one session's rows without touching the destination. Safe to call from several threads at
        /// once (sessions encode in parallel); then <see cref="Write"/> the chunks one at a time, in file order.
        /// </summary>
        public PolarSampleChunk Encode(byte[] body, int length, string playerSessionId, string? playerId, string? teamSessionId)
        {
            if (body == null) throw new ArgumentNullException(nameof(body));
            if (length < 0 || length > body.Length) throw new ArgumentOutOfRangeException(nameof(length));
            if (string.IsNullOrEmpty(playerSessionId)) throw new ArgumentException("A player session id is required.", nameof(playerSessionId));
            if (!_spareChunks.TryTake(out PolarSampleChunk? chunk)) chunk = _format.NewChunk();
            // More encodes than cores only time-slice, each holding a half-built session; waiting here is short (no I/O).
            EncodeSlots.Wait();
            try
            {
                chunk.Reset(playerSessionId);
                _format.Encode(chunk, body, length, playerSessionId, playerId, teamSessionId);
                return chunk;
            }
            catch
            {
                Release(chunk);
                throw;
            }
            finally
            {
                EncodeSlots.Release();
            }
        }

        /// <summary>Writes an encoded session (from this writer's <see cref="Encode"/>); returns its row count.</summary>
        public long Write(PolarSampleChunk chunk)
        {
            if (chunk == null) throw new ArgumentNullException(nameof(chunk));
            ThrowIfDone();
            StartIfNeeded();
            long rows = chunk.Rows;
            _format.Write(chunk, _output);
            RowsWritten += rows;
            SessionsWritten++;
            Release(chunk);
            return rows;
        }

        /// <summary>Gives back a chunk that will not be written (its session failed or was dropped).</summary>
        public void Release(PolarSampleChunk chunk)
        {
            if (chunk == null) return;
            chunk.ReturnMemory();
            if (chunk.Capacity <= PolarSampleChunk.KeepCapacity) _spareChunks.Add(chunk);
        }

        /// <summary>Writes the trailers (header if no session was written, gzip end, Parquet footer). Call before Dispose for a complete file.</summary>
        public void Complete()
        {
            ThrowIfDone();
            StartIfNeeded();
            _format.Complete(_output);
            if (!ReferenceEquals(_output, _destination)) _output.Dispose();
            _destination.Flush();
            _completed = true;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            // Without Complete the file is incomplete on purpose (a gzip or Parquet file without its end fails to read).
            _format.Dispose();
            if (!_completed && !ReferenceEquals(_output, _destination))
            {
                try { _output.Dispose(); } catch (IOException) { }
            }
        }

        private void StartIfNeeded()
        {
            if (_started) return;
            _started = true;
            _format.Start(_output);
        }

        private void ThrowIfDone()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(PolarSampleFileWriter));
            if (_completed) throw new InvalidOperationException("The file is complete; no more sessions can be written.");
        }
    }

    /// <summary>One player session's rows, encoded for the file and not yet written.</summary>
    public abstract class PolarSampleChunk
    {
        /// <summary>Chunks above this size are not kept for reuse (a rare huge session does not pin memory).</summary>
        internal const int KeepCapacity = 32 << 20;

        public string PlayerSessionId { get; private set; } = string.Empty;

        public long Rows { get; internal set; }

        internal abstract int Capacity { get; }

        /// <summary>Gives pooled buffers back once the chunk is written or dropped.</summary>
        internal virtual void ReturnMemory()
        {
        }

        internal virtual void Reset(string playerSessionId)
        {
            PlayerSessionId = playerSessionId;
            Rows = 0;
        }
    }

    /// <summary>How one file format encodes and writes chunks.</summary>
    internal interface IPolarSampleFormat : IDisposable
    {
        PolarSampleChunk NewChunk();

        void Encode(PolarSampleChunk chunk, byte[] body, int length, string playerSessionId, string? playerId, string? teamSessionId);

        void Start(Stream output);

        void Write(PolarSampleChunk chunk, Stream output);

        void Complete(Stream output);
    }

    /// <summary>The sample columns of a file: fixed id/time columns, then the requested sample types in a fixed order.</summary>
    internal sealed class PolarSampleColumns
    {
        /// <summary>Sample columns by <see cref="PolarSampleColumn"/> value - 1.</summary>
        private static readonly (PolarSampleColumn Column, PolarSampleType Type, string Name)[] All =
        {
            (PolarSampleColumn.HeartRate, PolarSampleType.HR, "heart_rate"),
            (PolarSampleColumn.Speed, PolarSampleType.Speed, "speed"),
            (PolarSampleColumn.Distance, PolarSampleType.Distance, "distance"),
            (PolarSampleColumn.Latitude, PolarSampleType.Location, "latitude"),
            (PolarSampleColumn.Longitude, PolarSampleType.Location, "longitude"),
            (PolarSampleColumn.Altitude, PolarSampleType.Altitude, "altitude"),
            (PolarSampleColumn.Cadence, PolarSampleType.Cadence, "cadence"),
            (PolarSampleColumn.ForwardAcceleration, PolarSampleType.ForwardAcceleration, "forward_acceleration"),
            (PolarSampleColumn.Power, PolarSampleType.Power, "power"),
            (PolarSampleColumn.RR, PolarSampleType.RR, "rr"),
        };

        public static readonly string[] FixedNames = { "team_session_id", "player_session_id", "player_id", "time", "offset_ms" };

        /// <summary>Slots in a row: one per <see cref="PolarSampleColumn"/>.</summary>
        public const int SlotCount = 11;

        public PolarSampleColumns(PolarSampleType types)
        {
            if ((types & PolarSampleType.All) == PolarSampleType.None) types = PolarSampleType.All;
            Types = types & PolarSampleType.All;
            int count = 0;
            foreach (var column in All) if ((Types & column.Type) != 0) count++;
            Sample = new PolarSampleColumn[count];
            var names = new string[FixedNames.Length + count];
            FixedNames.CopyTo(names, 0);
            int i = 0;
            foreach (var column in All)
            {
                if ((Types & column.Type) == 0) continue;
                Sample[i] = column.Column;
                names[FixedNames.Length + i] = column.Name;
                i++;
            }
            Names = names;
        }

        public PolarSampleType Types { get; }

        /// <summary>The requested sample columns, in file order.</summary>
        public PolarSampleColumn[] Sample { get; }

        public string[] Names { get; }

        /// <summary>The sample types a header line written by this class stands for, or null when it is not one.</summary>
        public static PolarSampleType? TypesFromHeader(string header)
        {
            string[] names = header.Split(',');
            if (names.Length < FixedNames.Length) return null;
            for (int i = 0; i < FixedNames.Length; i++) if (names[i] != FixedNames[i]) return null;
            PolarSampleType types = PolarSampleType.None;
            for (int i = FixedNames.Length; i < names.Length; i++)
            {
                int found = Array.FindIndex(All, c => c.Name == names[i]);
                if (found < 0) return null;
                types |= All[found].Type;
            }
            if (types == PolarSampleType.None) return null;
            return string.Join(",", new PolarSampleColumns(types).Names) == header ? types : (PolarSampleType?)null;
        }
    }
}
