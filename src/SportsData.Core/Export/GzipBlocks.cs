#if NET8_0_OR_GREATER
using System;
using System.Buffers.Binary;
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
    /// </summary>
    internal static class GzipBlocks
    {
        private const uint Polynomial = 0xedb88320;
        private static readonly byte[] Header = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff }; // deflate, no name, no time, OS unknown
        private static readonly byte[] FinalEmptyBlock = { 3, 0 };
        private static readonly uint[] PowersOfX = BuildPowersOfX();

        public static void WriteHeader(Stream output) => output.Write(Header, 0, Header.Length);

        /// <summary>
        /// One run of deflate blocks that are not final, fed piece by piece as the text is produced, so a session's
        /// uncompressed text never has to be held whole: its CRC-32 and length come with <see cref="Finish"/>.
        /// </summary>
        public sealed class Block : IDisposable
        {
            private readonly Crc32 _crc = new Crc32();
            private readonly AppendStream _sink;
            private readonly DeflateStream _deflate;

            public Block(PooledBytes destination, CompressionLevel level)
            {
                _sink = new AppendStream(destination);
                _deflate = new DeflateStream(_sink, level, leaveOpen: true);
            }

            /// <summary>Bytes compressed so far.</summary>
            public long Length { get; private set; }

            public void Append(ArraySegment<byte> part)
            {
                _deflate.Write(part.Array!, part.Offset, part.Count);
                _crc.Append(part);
                Length += part.Count;
            }

            /// <summary>Ends the run on a byte boundary (a sync flush) and returns the CRC-32 of everything appended.</summary>
            public uint Finish()
            {
                _deflate.Flush();
                _sink.Closed = true; // the final block Dispose writes is not wanted here: the member's end comes once, in WriteTrailer
                return _crc.GetCurrentHashAsUInt32();
            }

            public void Dispose()
            {
                _sink.Closed = true;
                _deflate.Dispose();
            }
        }

        /// <summary>The empty final block, then CRC-32 and length (mod 2^32) of everything compressed, little-endian.</summary>
        public static void WriteTrailer(Stream output, uint crc, long length)
        {
            output.Write(FinalEmptyBlock, 0, FinalEmptyBlock.Length);
            Span<byte> trailer = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
            BinaryPrimitives.WriteUInt32LittleEndian(trailer.Slice(4), unchecked((uint)length));
            output.Write(trailer);
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

        /// <summary>A write-only stream into <see cref="PooledBytes"/> that ignores writes once closed.</summary>
        private sealed class AppendStream : Stream
        {
            private readonly PooledBytes _destination;

            public AppendStream(PooledBytes destination) => _destination = destination;

            public bool Closed { get; set; }

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Write(byte[] buffer, int offset, int count) => Write(new ReadOnlySpan<byte>(buffer, offset, count));

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                if (!Closed) _destination.Append(buffer);
            }

            public override void Flush()
            {
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
#endif
