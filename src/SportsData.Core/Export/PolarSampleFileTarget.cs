using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using SportsData.IO;
using SportsData.Polar;

namespace SportsData.Export
{
    /// <summary>
    /// One sample file being written: the rows go to a temporary file beside it (for -Append, a copy of the
    /// existing file), which is flushed to disk and renamed over the final name by <see cref="Commit"/>. Until
    /// then the final name shows the old file or nothing; <see cref="Dispose"/> without Commit removes the
    /// temporary file.
    /// </summary>
    public sealed class PolarSampleFileTarget : IDisposable
    {
        private readonly string _temporary;
        private readonly FileStream _stream;
        private readonly bool _force;
        private bool _committed;

        private PolarSampleFileTarget(string path, string temporary, FileStream stream, PolarSampleFileWriter writer, bool appended, bool force)
        {
            Path = path;
            _temporary = temporary;
            _stream = stream;
            Writer = writer;
            Appended = appended;
            _force = force;
        }

        public string Path { get; }

        public PolarSampleFileWriter Writer { get; }

        public bool Appended { get; }

        /// <summary>
        /// Opens a target for <paramref name="path"/>. With <paramref name="append"/> and an existing non-empty file, the
        /// rows are added after the existing ones (Csv, CsvGzip: a new gzip member); the file's columns must be the ones
        /// <paramref name="types"/> gives, or with <paramref name="force"/> the file's own sample columns are used.
        /// <paramref name="force"/> also replaces a read-only file. <paramref name="utf8Bom"/> starts a new Csv file with a
        /// UTF-8 byte-order mark (an appended file keeps its own start).
        /// </summary>
        public static PolarSampleFileTarget Open(string path, DataFormat format, PolarSampleType types, bool append, bool force, bool utf8Bom = false)
        {
            path = System.IO.Path.GetFullPath(path);
            bool appending = append && File.Exists(path) && new FileInfo(path).Length > 0;
            if (appending && format == DataFormat.Parquet)
            {
                throw SportsDataException.InvalidArgument("Append", "A Parquet file cannot be appended to: '" + path + "'. Write a new file, or use -Format Csv or CsvGzip with -Append.");
            }
            if (File.Exists(path) && !force && (File.GetAttributes(path) & FileAttributes.ReadOnly) != 0)
            {
                throw new SportsDataException(ErrorIds.Export.FileReadOnly, FailureKind.PermissionDenied, "'" + path + "' is read-only. Use -Force to replace it, or give another -Path.") { ParameterName = "Path" };
            }
            if (appending) types = AppendColumns(path, format, types, force);

            string temporary = AtomicFile.TemporaryPathFor(path);
            FileStream? stream = null;
            try
            {
                if (appending) File.Copy(path, temporary);
                stream = new FileStream(temporary, appending ? FileMode.Open : FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                stream.Seek(0, SeekOrigin.End);
                if (utf8Bom && !appending && format == DataFormat.Csv) SportsData.Sync.DatasetCsv.WriteByteOrderMark(stream);
                var writer = new PolarSampleFileWriter(stream, format, types, writeHeader: !appending);
                return new PolarSampleFileTarget(path, temporary, stream, writer, appending, force);
            }
            catch
            {
                stream?.Dispose();
                TryDelete(temporary);
                throw;
            }
        }

        /// <summary>Completes the file (trailers), flushes it to disk and renames it over the final name.</summary>
        public PolarSampleFile Commit()
        {
            if (_committed) throw new InvalidOperationException("The file is already committed.");
            Writer.Complete();
            _stream.Flush(flushToDisk: true);
            long bytes = _stream.Length;
            _stream.Dispose();
            if (_force && File.Exists(Path))
            {
                FileAttributes attributes = File.GetAttributes(Path);
                if ((attributes & FileAttributes.ReadOnly) != 0) File.SetAttributes(Path, attributes & ~FileAttributes.ReadOnly);
            }
            AtomicFile.Commit(_temporary, Path);
            _committed = true;
            return new PolarSampleFile
            {
                Path = Path,
                Format = Writer.Format,
                Sessions = Writer.SessionsWritten,
                Rows = Writer.RowsWritten,
                Bytes = bytes,
                Appended = Appended,
            };
        }

        public void Dispose()
        {
            if (_committed) return;
            Writer.Dispose();
            _stream.Dispose();
            TryDelete(_temporary);
            _committed = true;
        }

        /// <summary>The sample types an existing file's header stands for; it must be a header this writer writes.</summary>
        private static PolarSampleType AppendColumns(string path, DataFormat format, PolarSampleType types, bool force)
        {
            string header = ReadHeader(path, format);
            string wanted = string.Join(",", new PolarSampleColumns(types).Names);
            if (header == wanted) return types;
            PolarSampleType? existing = PolarSampleColumns.TypesFromHeader(header);
            if (existing == null)
            {
                throw new SportsDataException(ErrorIds.Export.AppendNotSampleFile, FailureKind.InvalidArgument,
                    "'" + path + "' does not start with a sample file header (" + wanted + "), so rows cannot be appended to it. Give a new -Path, or drop -Append to replace the file.") { ParameterName = "Append" };
            }
            if (!force)
            {
                throw new SportsDataException(ErrorIds.Export.AppendColumnsDiffer, FailureKind.InvalidArgument,
                    "'" + path + "' has the columns " + header + ", not " + wanted + ". Use the same -SampleType as the file, add -Force to append with the file's own columns, or give a new -Path.") { ParameterName = "SampleType" };
            }
            return existing.Value;
        }

        private static string ReadHeader(string path, DataFormat format)
        {
            using Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using Stream content = format == DataFormat.CsvGzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            var bytes = new MemoryStream();
            int b;
            while ((b = content.ReadByte()) >= 0 && b != '\n' && bytes.Length < 4096) bytes.WriteByte((byte)b);
            return Encoding.UTF8.GetString(bytes.ToArray()).TrimStart('\uFEFF').TrimEnd('\r');
        }

        private static void TryDelete(string path)
        {
            try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
