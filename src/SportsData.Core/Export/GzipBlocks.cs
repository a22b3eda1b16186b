using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;

namespace SportsData.Export
{
    /// <summary>
    /// One gzip member (RFC 1952) built from deflate blocks that are compressed separately, so sessions compress in
    /// parallel on the threads that encode them (as pigz does) while the file stays a single member, which every
    /// gzip reader reads whole (.NET Framework's GZipStream and others stop after the first member of a concatenated
    /// file). Each block ends with a sync flush (byte-aligned, not final); the member ends with an empty final block,
    /// the CRC-32 of all the uncompressed bytes (combined from each block's own) and their length.
    /// Both engine builds use it where the runtime can end a deflate block on a byte boundary (<see cref="IsSupported"/>),
    /// so the netstandard2.0 build in PowerShell 7 writes the same bytes as the net8.0 build.
    /// </summary>
    internal static class GzipBlocks
    {
        private const uint Polynomial = 0xedb88320;
        private static readonly byte[] Header = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff }; // deflate, no name, no time, OS unknown
        private static readonly byte[] FinalEmptyBlock = { 3, 0 };
        private static readonly uint[] PowersOfX = BuildPowersOfX();

        /// <summary>
        /// Whether DeflateStream.Flush ends the data so far with a sync flush (.NET Core 3.0 and later, so every
        /// PowerShell 7). .NET Framework's Flush (Windows PowerShell 5.1) compresses nothing until the stream is
        /// closed, so there the writer compresses the whole file with one GZipStream instead.
        /// </summary>
        public static bool IsSupported =>
#if NET8_0_OR_GREATER
            true;
#else
            FlushEndsBlock.Value;

        private static readonly Lazy<bool> FlushEndsBlock = new Lazy<bool>(() =>
        {
            try
            {
                using var sink = new MemoryStream();
                using (var deflate = new DeflateStream(sink, PolarSampleCsvFormat.GzipLevel, leaveOpen: true))
                {
                    deflate.WriteByte((byte)'a');
                    deflate.Flush();
                    byte[] flushed = sink.ToArray();
                    // A sync flush ends with an empty stored block: 00 00 FF FF.
                    int n = flushed.Length;
                    return n >= 5 && flushed[n - 4] == 0 && flushed[n - 3] == 0 && flushed[n - 2] == 0xff && flushed[n - 1] == 0xff;
                }
            }
            catch (NotSupportedException)
            {
                return false;
            }
        });
#endif

        public static void WriteHeader(Stream output) => output.Write(Header, 0, Header.Length);

        /// <summary>
        /// One run of deflate blocks that are not final, fed piece by piece as the text is produced, so a session's
        /// uncompressed text never has to be held whole: its CRC-32 and length come with <see cref="Finish"/>. The
        /// deflate stream behind it is a <see cref="Lane"/> taken from a pool and given back by <see cref="Dispose"/>.
        /// </summary>
        public sealed class Block : IDisposable
        {
            private Lane? _lane;

            // Set while a call into the lane runs: if it throws, the deflate stream's state is unknown and it is not reused.
            private bool _interrupted;

            public Block(PooledBytes destination)
            {
                _lane = Lane.Take();
                _interrupted = true;
                try
                {
                    _lane.Begin(destination);
                    _interrupted = false;
                }
                finally
                {
                    if (_interrupted) Dispose();
                }
            }

            /// <summary>Bytes compressed so far.</summary>
            public long Length { get; private set; }

            private Lane Current => _lane ?? throw new ObjectDisposedException(nameof(Block));

            public void Append(ArraySegment<byte> part)
            {
                Lane lane = Current;
                _interrupted = true;
                lane.Write(part);
                _interrupted = false;
                Length += part.Count;
            }

            /// <summary>Ends the run on a byte boundary (a sync flush) and returns the CRC-32 of everything appended.</summary>
            public uint Finish()
            {
                Lane lane = Current;
                _interrupted = true;
                uint crc = lane.End();
                _interrupted = false;
                return crc;
            }

            public void Dispose()
            {
                Lane? lane = _lane;
                _lane = null;
                lane?.Return(reusable: !_interrupted);
            }
        }

        /// <summary>
        /// A deflate stream (and its native zlib state) kept for session after session: creating one per session made
        /// the C library keep about 20 MB of freed zlib states over a 100-session export on Linux. .NET cannot reset a
        /// deflate stream, so each run first feeds a primer of 0xFF bytes, at least the 32 KB window, padded so the run
        /// starts at the same position in the window whatever went before, and discards its output. No UTF-8 text
        /// contains 0xFF, so the run's blocks cannot refer back past its own start (they decode after any data), and
        /// they are byte for byte what a new stream would write: files stay the same whichever lane took a session.
        /// </summary>
        private sealed class Lane
        {
            private const int Window = 32 * 1024;
            private static readonly byte[] Primer = CreatePrimer();
            private static readonly ConcurrentBag<Lane> Idle = new ConcurrentBag<Lane>();
            private static readonly int MaxIdle = Environment.ProcessorCount + 1; // the encode slots, and the header written by the writer
            private readonly AppendStream _sink = new AppendStream();
            private readonly DeflateStream _deflate;
            private readonly Crc32 _crc = new Crc32();
            private long _fed;

            private Lane() => _deflate = new DeflateStream(_sink, PolarSampleCsvFormat.GzipLevel, leaveOpen: true);

            public static Lane Take() => Idle.TryTake(out Lane? lane) ? lane : new Lane();

            public void Begin(PooledBytes destination)
            {
                _sink.Destination = null;
                int padding = (int)((Window - _fed % Window) % Window);
                Feed(Primer, 0, Primer.Length);
                Feed(Primer, 0, padding);
                _deflate.Flush();
                _crc.Reset();
                _sink.Destination = destination;
            }

            public void Write(ArraySegment<byte> part)
            {
                Feed(part.Array!, part.Offset, part.Count);
                _crc.Append(part);
            }

            /// <summary>A sync flush: everything so far, ending on a byte boundary.</summary>
            public uint End()
            {
                _deflate.Flush();
                _sink.Destination = null;
                return _crc.GetCurrentHashAsUInt32();
            }

            public void Return(bool reusable)
            {
                _sink.Destination = null;
                if (reusable && Idle.Count < MaxIdle) Idle.Add(this);
                else _deflate.Dispose(); // its final block goes nowhere
            }

            private void Feed(byte[] buffer, int offset, int count)
            {
                _deflate.Write(buffer, offset, count);
                _fed += count;
            }

            private static byte[] CreatePrimer()
            {
                var primer = new byte[Window];
                primer.AsSpan().Fill(0xff);
                return primer;
            }
        }

        /// <summary>The empty final block, then CRC-32 and length (mod 2^32) of everything compressed, little-endian.</summary>
        public static void WriteTrailer(Stream output, uint crc, long length)
        {
            output.Write(FinalEmptyBlock, 0, FinalEmptyBlock.Length);
            var trailer = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
            BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), unchecked((uint)length));
            output.Write(trailer, 0, trailer.Length);
        }

        /// <summary>CRC-32 of A then B from CRC(A), CRC(B) and B's length (zlib's crc32_combine, arithmetic modulo the CRC polynomial).</summary>
        public static uint Combine(uint crcA, uint crcB, long lengthB) => MultiplyModP(XToThe8NModP(lengthB), crcA) ^ crcB;

        private static uint MultiplyModP(uint a, uint b)
        {
            uint m = 1u << 31, product = 0;
            while (true)
            {
                if ((a & m) != 0)
                {
                    product ^= b;
                    if ((a & (m - 1)) == 0) return product;
                }
                m >>= 1;
                b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
            }
        }

        /// <summary>x^(8n) modulo the polynomial: what appending n zero bytes does to a CRC.</summary>
        private static uint XToThe8NModP(long n)
        {
            uint p = 1u << 31; // x^0
            int k = 3;
            while (n != 0)
            {
                if ((n & 1) != 0) p = MultiplyModP(PowersOfX[k & 31], p);
                n >>= 1;
                k++;
            }
            return p;
        }

        /// <summary>x^(2^k) modulo the polynomial, k = 0..31.</summary>
        private static uint[] BuildPowersOfX()
        {
            var table = new uint[32];
            uint p = 1u << 30; // x^1
            table[0] = p;
            for (int k = 1; k < 32; k++) table[k] = p = MultiplyModP(p, p);
            return table;
        }

        /// <summary>A write-only stream into <see cref="PooledBytes"/>; writes go nowhere while it has no destination.</summary>
        private sealed class AppendStream : Stream
        {
            public PooledBytes? Destination { get; set; }

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Write(byte[] buffer, int offset, int count) => Destination?.Append(new ReadOnlySpan<byte>(buffer, offset, count));

#if NET8_0_OR_GREATER
            public override void Write(ReadOnlySpan<byte> buffer) => Destination?.Append(buffer);
#endif

            public override void Flush()
            {
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
