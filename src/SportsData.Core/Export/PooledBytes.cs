using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;

namespace SportsData.Export
{
    /// <summary>
    /// Bytes in fixed-size segments from one bounded pool shared by every writer, given back by <see cref="Clear"/>:
    /// memory holds only the sessions in flight, and a long export allocates nothing per session once the pool is
    /// warm (a buffer sized per session grew by doubling whenever a session was larger than the last, and left
    /// large-object-heap garbage behind).
    /// </summary>
    internal sealed class PooledBytes
    {
        // 256 KB: little waste at the end of a session (a 54,000-row session's CSV is about 21 segments), few writes.
        // The pool keeps at most 256 of them (64 MB), enough for 8 sessions in flight at once.
        private const int SegmentSize = 1 << 18;
        private static readonly ArrayPool<byte> Segments = ArrayPool<byte>.Create(SegmentSize, 256);
        private readonly List<(byte[] Segment, int Length)> _filled = new List<(byte[], int)>();

        /// <summary>The segment being filled (empty until the first write).</summary>
        public byte[] Buffer = Array.Empty<byte>();

        /// <summary>Bytes used in <see cref="Buffer"/>.</summary>
        public int Length;

        /// <summary>Whether <see cref="Buffer"/> has room for <paramref name="extra"/> bytes from <see cref="Length"/>.</summary>
        public bool HasRoom(int extra) => Buffer.Length - Length >= extra;

        /// <summary>Room for <paramref name="extra"/> bytes in <see cref="Buffer"/> from <see cref="Length"/>: a new segment when the current one is short.</summary>
        public void Ensure(int extra)
        {
            if (HasRoom(extra)) return;
            if (Length > 0) _filled.Add((Buffer, Length));
            else if (Buffer.Length > 0) Segments.Return(Buffer);
            Buffer = Segments.Rent(Math.Max(SegmentSize, extra));
            Length = 0;
        }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            while (bytes.Length > 0)
            {
                Ensure(1);
                int count = Math.Min(bytes.Length, Buffer.Length - Length);
                bytes.Slice(0, count).CopyTo(new Span<byte>(Buffer, Length, count));
                Length += count;
                bytes = bytes.Slice(count);
            }
        }

        /// <summary>Every byte, in order.</summary>
        public IEnumerable<ArraySegment<byte>> Parts()
        {
            foreach ((byte[] segment, int length) in _filled) yield return new ArraySegment<byte>(segment, 0, length);
            if (Length > 0) yield return new ArraySegment<byte>(Buffer, 0, Length);
        }

        public void WriteTo(Stream output)
        {
            foreach (ArraySegment<byte> part in Parts()) output.Write(part.Array!, part.Offset, part.Count);
        }

        /// <summary>Gives every segment back to the pool.</summary>
        public void Clear()
        {
            foreach ((byte[] segment, _) in _filled) Segments.Return(segment);
            _filled.Clear();
            if (Buffer.Length > 0) Segments.Return(Buffer);
            Buffer = Array.Empty<byte>();
            Length = 0;
        }
    }
}
