using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Http;
using SportsData.IO;

namespace SportsData.Aikynetix
{
    /// <summary>
    /// Streams a video from its (signed) URL to disk. No API credentials are sent: the URL carries its own
    /// signature, but the connection's proxy is used as for every request. The body goes through <see cref="AtomicFile"/> (a temporary file next to the target, flushed,
    /// renamed over it only when complete), so an interrupted download never leaves a half-written video under
    /// the final name. Transient failures are retried
    /// under the connection's retry policy (<see cref="ApiTransport.ExecuteWithRetriesAsync{T}"/>).
    /// </summary>
    internal sealed class AikynetixDownloader : IDisposable
    {
        private readonly HttpClient _client;
        private readonly RetrySettings _retry;
        private readonly ApiTransport _retryPolicy;

        public AikynetixDownloader(ApiTransport retryPolicy, string userAgent)
        {
            _retryPolicy = retryPolicy;
            RetrySettings retry = retryPolicy.Options.Retry;
            _client = new HttpClient(retryPolicy.CreateDownloadHandler(), disposeHandler: true);
            _client.Timeout = Timeout.InfiniteTimeSpan;
            _client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
            _retry = retry;
        }

        public async Task<long> DownloadAsync(string sessionId, string url, string path, bool overwrite, CancellationToken cancellationToken)
        {
            RequireVideoUri(sessionId, url);
            string fullPath = Path.GetFullPath(path);
            if (File.Exists(fullPath) && !overwrite)
            {
                throw new SportsDataException(ErrorIds.Aikynetix.FileExists, FailureKind.InvalidOperation,
                    $"'{fullPath}' already exists. Use -Force to overwrite it, or choose another -OutFile.") { Target = fullPath, ParameterName = "OutFile" };
            }
            string directory = Path.GetDirectoryName(fullPath) ?? ".";
            if (!Directory.Exists(directory))
            {
                throw new SportsDataException(ErrorIds.Aikynetix.DirectoryNotFound, FailureKind.InvalidArgument, $"The folder '{directory}' does not exist. Create it first or choose another -OutFile.") { Target = fullPath, ParameterName = "OutFile" };
            }

            IRequestLog log = RequestLog.Current;
            try
            {
                long length = 0;
                await AtomicFile.WriteAsync(fullPath, async (file, ct) =>
                {
                    length = await DownloadToAsync(sessionId, url, file, ct).ConfigureAwait(false);
                    if (!overwrite && File.Exists(fullPath)) throw new SportsDataException(ErrorIds.Aikynetix.FileExists, FailureKind.InvalidOperation, $"'{fullPath}' appeared during the download. Use -Force to overwrite it.") { Target = fullPath, ParameterName = "OutFile" };
                }, cancellationToken).ConfigureAwait(false);
                log.Verbose(string.Format(CultureInfo.InvariantCulture, "Aikynetix: saved the analyzed video of session {0} to {1} ({2:N0} bytes).", sessionId, fullPath, length));
                return length;
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SportsDataException(ErrorIds.Aikynetix.CannotWriteFile, FailureKind.PermissionDenied,
                    $"Cannot write the analyzed video of session '{sessionId}' to '{fullPath}': access is denied. Choose another -OutFile.", ex) { Target = fullPath, ParameterName = "OutFile" };
            }
        }

        /// <summary>
        /// Streams a video into <paramref name="target"/> (a seekable file stream the caller commits, as a sync does
        /// through its dataset writer). Transient failures are retried under the connection's policy, each attempt
        /// starting over on an emptied stream. Returns the length.
        /// </summary>
        public async Task<long> DownloadToAsync(string sessionId, string url, Stream target, CancellationToken cancellationToken)
        {
            Uri uri = RequireVideoUri(sessionId, url);
            IRequestLog log = RequestLog.Current;
            try
            {
                return await _retryPolicy.ExecuteWithRetriesAsync(async ct =>
                {
                    target.SetLength(0);
                    target.Position = 0;
                    return await DownloadOnceAsync(sessionId, uri, target, log, ct).ConfigureAwait(false);
                }, cancellationToken, uri).ConfigureAwait(false);
            }
            catch (SportsDataException ex) when ((ex.Kind == FailureKind.Connection || ex.Kind == FailureKind.Timeout) && ex.ErrorId != ErrorIds.ProxyUnreachable)
            {
                throw new SportsDataException(ErrorIds.Aikynetix.DownloadFailed, ex.Kind,
                    $"Could not download the analyzed video of session '{sessionId}': {ex.Message}", ex) { Target = sessionId };
            }
        }

        private static Uri RequireVideoUri(string sessionId, string url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new SportsDataException(ErrorIds.Aikynetix.InvalidVideoUrl, FailureKind.InvalidData, $"The analyzed video URL of session '{sessionId}' is not an absolute http(s) URL.") { Target = sessionId };
            }
            return uri;
        }

        /// <summary>
        /// One attempt. The time-out is a stall time-out (no headers, or no bytes, for AttemptTimeout), not a limit
        /// on the whole transfer, so a large video on a slow link still completes.
        /// </summary>
        private async Task<long> DownloadOnceAsync(string sessionId, Uri uri, Stream target, IRequestLog log, CancellationToken cancellationToken)
        {
            log.Verbose("Aikynetix: GET " + SecretRedactor.RedactUri(uri));
            using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stalled.CancelAfter(_retry.AttemptTimeout);
            using HttpResponseMessage response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, stalled.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.ProxyAuthenticationRequired) throw _retryPolicy.ProxyAuthenticationRequired(uri);
            if (!response.IsSuccessStatusCode)
            {
                if (TransportOptions.IsTransientStatus(response.StatusCode))
                {
                    throw new TransientStatusException("the server answered " + status + " " + response.ReasonPhrase, RetryPolicies.RetryAfter(response, _retry.MaxDelay));
                }
                FailureKind kind = status == 403 ? FailureKind.PermissionDenied : status == 404 ? FailureKind.NotFound : FailureKind.InvalidOperation;
                throw new SportsDataException(ErrorIds.Aikynetix.DownloadFailed, kind,
                    $"Downloading the analyzed video of session '{sessionId}' failed with {status} {response.ReasonPhrase}. Signed video URLs expire: get a fresh one with Get-ManagedSessionVideo and try again.") { Target = sessionId };
            }
            long? total = response.Content.Headers.ContentLength;
            byte[]? expectedMd5 = ExpectedMd5(response);
            using var md5 = expectedMd5 != null ? System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.MD5) : null;
            const string activity = "Aikynetix: downloading analyzed video";
            string status_ = "session " + sessionId + ", bytes";
            var sinceReport = System.Diagnostics.Stopwatch.StartNew();
            long written = 0;
            using (Stream source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            {
                byte[] buffer = new byte[81920];
                while (true)
                {
                    stalled.CancelAfter(_retry.AttemptTimeout);
                    int read = await source.ReadAsync(buffer, 0, buffer.Length, stalled.Token).ConfigureAwait(false);
                    if (read == 0) break;
                    await target.WriteAsync(buffer, 0, read, stalled.Token).ConfigureAwait(false);
                    md5?.AppendData(buffer, 0, read);
                    written += read;
                    if (sinceReport.ElapsedMilliseconds >= 200)
                    {
                        log.Progress(activity, status_, written, total);
                        sinceReport.Restart();
                    }
                }
                await target.FlushAsync(stalled.Token).ConfigureAwait(false);
            }
            if (total != null && written != total.Value) throw new IOException($"the download ended after {written} of {total} bytes");
            // A body cut short with a matching Content-Length is caught by the storage's own checksum (retried like a drop).
            if (md5 != null && !md5.GetHashAndReset().AsSpan().SequenceEqual(expectedMd5)) throw new IOException($"the downloaded {written} bytes do not match the MD5 checksum the storage sent");
            log.Progress(activity, status_, written, written);
            return written;
        }

        /// <summary>The MD5 a storage service sends for the object: Google Cloud Storage's x-goog-hash "md5=...", or Content-MD5.</summary>
        internal static byte[]? ExpectedMd5(HttpResponseMessage response)
        {
            var candidates = new System.Collections.Generic.List<string>();
            if (response.Headers.TryGetValues("x-goog-hash", out var goog))
            {
                foreach (string header in goog)
                {
                    foreach (string part in header.Split(','))
                    {
                        string trimmed = part.Trim();
                        if (trimmed.StartsWith("md5=", StringComparison.OrdinalIgnoreCase)) candidates.Add(trimmed.Substring(4));
                    }
                }
            }
            if (response.Content.Headers.ContentMD5 != null) return response.Content.Headers.ContentMD5;
            foreach (string candidate in candidates)
            {
                try
                {
                    byte[] value = Convert.FromBase64String(candidate);
                    if (value.Length == 16) return value;
                }
                catch (FormatException)
                {
                }
            }
            return null;
        }

        public void Dispose() => _client.Dispose();
    }
}
