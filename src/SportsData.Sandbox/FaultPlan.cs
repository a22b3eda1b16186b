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

        public int Pending
        {
            get { lock (_gate) { int total = 0; foreach (Fault fault in _faults) total += fault.Remaining; return total; } }
        }

        public void Clear()
        {
            lock (_gate) _faults.Clear();
        }

        internal (SimResponse? Response, TimeSpan Delay) Take(SimRequest request)
        {
            lock (_gate)
            {
                foreach (Fault fault in _faults)
                {
                    if (fault.Remaining > 0 && request.Path.IndexOf(fault.PathContains, StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        fault.Remaining--;
                        return (fault.Respond?.Invoke(request), fault.Delay);
                    }
                }
            }
            return (null, TimeSpan.Zero);
        }

        private void Add(Fault fault)
        {
            lock (_gate) _faults.Add(fault);
        }

        private sealed class Fault
        {
            public Fault(string pathContains, int times, Func<SimRequest, SimResponse>? respond, TimeSpan delay = default)
            {
                PathContains = pathContains;
                Remaining = times;
                Respond = respond;
                Delay = delay;
            }

            public string PathContains { get; }
            public int Remaining { get; set; }
            public Func<SimRequest, SimResponse>? Respond { get; }
            public TimeSpan Delay { get; }
        }
    }
}
