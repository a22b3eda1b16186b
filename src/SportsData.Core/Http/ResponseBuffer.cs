using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.Http
{
    /// <summary>
    /// Reads a response body into memory before the response is handed on, so a connection dropped mid-body fails the
    /// attempt (and is retried) instead of the caller's parse: one page or one session, never a whole export.
    /// </summary>
    internal static class ResponseBuffer
    {
        /// <summary>
        /// Replaces the response's content with its buffered copy and returns the bytes. <paramref name="pooled"/> rents the
        /// buffer from a bounded pool of its own (large sample bodies); disposing the response gives it back.
        /// </summary>
        public static async Task<ArraySegment<byte>> BufferAsync(HttpResponseMessage response, bool pooled, CancellationToken cancellationToken)
        {
            if (response.Content == null) return new ArraySegment<byte>(Array.Empty<byte>());
            HttpContent original = response.Content;
            long? declared = original.Headers.ContentLength;
            int expected = declared != null && declared.Value > 0 && declared.Value < int.MaxValue ? (int)declared.Value : 0;
            ArraySegment<byte> segment;
            HttpContent buffered;
            if (pooled)
            {
                var content = new PooledBodyContent(expected);
                try
                {
                    using (Stream stream = await original.ReadAsStreamAsync().ConfigureAwait(false))
                    {
                        await content.FillAsync(stream, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch
                {
                    content.Dispose();
                    throw;
                }
                segment = content.Body;
                buffered = content;
            }
            else
            {
                var buffer = new MemoryStream(expected);
                using (Stream stream = await original.ReadAsStreamAsync().ConfigureAwait(false))
                {
                    await stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
                }
                segment = new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
                buffered = new ByteArrayContent(segment.Array!, segment.Offset, segment.Count);
            }
            foreach (var header in original.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            response.Content = buffered;
            original.Dispose();
            return segment;
        }

        /// <summary>A response body in a buffer rented from the bounded pool below (not the shared array pool); disposing the response gives it back.</summary>
        private sealed class PooledBodyContent : HttpContent
        {
            // Its own pool, not ArrayPool.Shared: the shared pool keeps an array per thread, so multi-megabyte bodies
            // would pile up across the thread pool; this one holds at most a few arrays of each size, whatever the thread.
            private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(1 << 27, 16);

            private byte[]? _buffer;
            private int _length;

            public PooledBodyContent(int expected)
            {
                _buffer = Pool.Rent(Math.Max(expected, 1) + 1);
            }

            public ArraySegment<byte> Body => new ArraySegment<byte>(_buffer ?? throw new ObjectDisposedException(nameof(PooledBodyContent)), 0, _length);

            public async Task FillAsync(Stream stream, CancellationToken cancellationToken)
            {
                while (true)
                {
                    if (_length == _buffer!.Length)
                    {
                        byte[] larger = Pool.Rent(_buffer.Length * 2);
                        Buffer.BlockCopy(_buffer, 0, larger, 0, _length);
                        Pool.Return(_buffer);
                        _buffer = larger;
                    }
                    int read = await stream.ReadAsync(_buffer, _length, _buffer.Length - _length, cancellationToken).ConfigureAwait(false);
                    if (read == 0) return;
                    _length += read;
                }
            }

            protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
                stream.WriteAsync(Body.Array!, 0, _length);

            protected override bool TryComputeLength(out long length)
            {
                length = _length;
                return true;
            }

            protected override void Dispose(bool disposing)
            {
                byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
                if (buffer != null) Pool.Return(buffer);
                base.Dispose(disposing);
            }
        }
    }
}
