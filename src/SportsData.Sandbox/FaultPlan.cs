using System;
using System.Collections.Generic;

namespace SportsData.Sandbox
{
    /// <summary>
    /// Faults to inject before the modules answer: tests (and curious users) queue them to see retries,
    /// back-off and recovery. Thread-safe; each fault fires a given number of times.
    /// </summary>
    public sealed class FaultPlan
    {
        private readonly object _gate = new object();
        private readonly List<Fault> _faults = new List<Fault>();

        // A fault matches a request whose "METHOD /path" contains pathContains (so "DELETE /session" picks one method).

        /// <summary>Answer the next <paramref name="times"/> matching requests with a status (and an optional Retry-After).</summary>
        public FaultPlan AddStatus(string pathContains, int statusCode, int times = 1, string? retryAfter = null, string? body = null)
        {
            Add(new Fault(pathContains, times, _ =>
            {
                SimResponse response = body != null ? SimResponse.Text(statusCode, body, "application/json") : SimResponse.Message(statusCode, "Injected fault " + statusCode);
                if (retryAfter != null) response.WithHeader("Retry-After", retryAfter);
                return response;
            }));
            return this;
        }

        /// <summary>Cut the connection on the next <paramref name="times"/> matching requests.</summary>
        public FaultPlan AddDroppedConnection(string pathContains, int times = 1)
        {
            Add(new Fault(pathContains, times, _ => new SimResponse(200, new byte[] { (byte)'{' }) { DropConnection = true }));
            return this;
        }

        /// <summary>Delay the next matching requests (for time-out tests); the module still answers afterwards.</summary>
        public FaultPlan AddDelay(string pathContains, TimeSpan delay, int times = 1)
        {
            Add(new Fault(pathContains, times, null, delay));
            return this;
        }

        /// <summary>
        /// The module answers (and acts, for a write), then the connection is reset before a byte of the response is
        /// sent: the client cannot know whether the server acted.
        /// </summary>
        public FaultPlan AddResetBeforeResponse(string pathContains, int times = 1)
        {
            Add(new Fault(pathContains, times, null) { After = real => new SimResponse(real.StatusCode, Array.Empty<byte>(), real.ContentType) { ResetBeforeResponse = true } });
            return this;
        }

        /// <summary>
        /// The module answers (and acts); the status, headers and the first half of the body are sent with the full
        /// Content-Length, then the connection is reset.
        /// </summary>
        public FaultPlan AddResetMidBody(string pathContains, int times = 1)
        {
            Add(new Fault(pathContains, times, null) { After = real => Copy(real, Half(real.Body), dropAfter: real.Body.Length) });
            return this;
        }

        /// <summary>
        /// The module answers (and acts); the response is complete at the HTTP level (Content-Length matches what is
        /// sent) but its body is cut to the first half, so the JSON is invalid.
        /// </summary>
        public FaultPlan AddCutBody(string pathContains, int times = 1)
        {
            Add(new Fault(pathContains, times, null) { After = real => Copy(real, Half(real.Body), dropAfter: null) });
            return this;
        }

        /// <summary>
        /// Every access, ID and session token issued so far expires just before the next matching request (a token
        /// expiring mid-export): the module answers 401 as it would for any expired token, until the client renews it.
        /// </summary>
        public FaultPlan AddTokenExpiry(string pathContains, int times = 1)
        {
            Add(new Fault(pathContains, times, null) { ExpiresTokens = true });
            return this;
        }

        public int Pending
        {
            get { lock (_gate) { int total = 0; foreach (Fault fault in _faults) total += fault.Remaining; return total; } }
        }

        public void Clear()
        {
            lock (_gate) _faults.Clear();
        }

        internal TakenFault Take(SimRequest request)
        {
            lock (_gate)
            {
                foreach (Fault fault in _faults)
                {
                    if (fault.Remaining > 0 && (request.Method + " " + request.Path).IndexOf(fault.PathContains, StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        fault.Remaining--;
                        return new TakenFault(fault.Respond?.Invoke(request), fault.Delay, fault.After, fault.ExpiresTokens);
                    }
                }
            }
            return default;
        }

        private static byte[] Half(byte[] body)
        {
            int length = body.Length <= 1 ? 0 : body.Length / 2;
            byte[] half = new byte[length];
            Array.Copy(body, half, length);
            return half;
        }

        private static SimResponse Copy(SimResponse real, byte[] body, long? dropAfter)
        {
            var copy = new SimResponse(real.StatusCode, body, real.ContentType);
            foreach (var header in real.Headers) copy.Headers[header.Key] = header.Value;
            if (dropAfter != null)
            {
                copy.DropConnection = true;
                copy.DeclaredLength = dropAfter;
            }
            return copy;
        }

        private void Add(Fault fault)
        {
            lock (_gate) _faults.Add(fault);
        }

        private sealed class Fault(string pathContains, int times, Func<SimRequest, SimResponse>? respond, TimeSpan delay = default)
        {
            public string PathContains { get; } = pathContains;
            public int Remaining { get; set; } = times;
            public Func<SimRequest, SimResponse>? Respond { get; } = respond;
            public TimeSpan Delay { get; } = delay;
            /// <summary>Changes the module's real answer (the module has acted).</summary>
            public Func<SimResponse, SimResponse>? After { get; set; }
            public bool ExpiresTokens { get; set; }
        }
    }

    internal readonly record struct TakenFault(SimResponse? Response, TimeSpan Delay, Func<SimResponse, SimResponse>? After, bool ExpiresTokens);
}
