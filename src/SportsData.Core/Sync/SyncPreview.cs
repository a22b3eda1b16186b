using System;
using SportsData.Http;

namespace SportsData.Sync
{
    /// <summary>
    /// A -WhatIf run: -Path checked like a real run but nothing created, the stored state loaded to compare the
    /// listings with, and the requests counted. <c>var preview = SyncPreview.Start(result, path, transport); ...;
    /// return preview.Complete(result);</c>
    /// </summary>
    internal sealed class SyncPreview
    {
        private readonly ApiTransport? _transport;
        private readonly long _requestsAtStart;

        private SyncPreview(string folder, SyncStateStore state, ApiTransport? transport)
        {
            Folder = folder;
            State = state;
            _transport = transport;
            _requestsAtStart = transport?.RequestCount ?? 0;
        }

        public string Folder { get; }

        public SyncStateStore State { get; }

        public static SyncPreview Start(SyncResult result, string path, ApiTransport? transport)
        {
            result.WhatIf = true;
            result.StartTime = DateTime.UtcNow;
            string folder = SyncDataset.Resolve(path);
            result.Path = folder;
            return new SyncPreview(folder, SyncStateStore.Load(folder), transport);
        }

        public T Complete<T>(T result) where T : SyncResult
        {
            result.EndTime = DateTime.UtcNow;
            result.Requests = (_transport?.RequestCount ?? 0) - _requestsAtStart;
            return result;
        }
    }
}
