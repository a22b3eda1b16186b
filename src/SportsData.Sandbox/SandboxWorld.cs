using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.Sandbox
{
    /// <summary>Settings of a simulated world. Defaults are what -Sandbox uses.</summary>
    public sealed class SandboxOptions
    {
        /// <summary>The last day of the demo season; sessions lie in the year before it. Defaults to yesterday (UTC), so no session lies in the future.</summary>
        public DateTime AnchorDate { get; set; } = DateTime.UtcNow.Date.AddDays(-1);

        /// <summary>Server-side Polar limit: burst bucket size (documented: 100).</summary>
        public int PolarBurstCapacity { get; set; } = 100;

        /// <summary>Server-side Polar limit: refill per second (documented: 1).</summary>
        public double PolarRefillPerSecond { get; set; } = 1.0;

        /// <summary>Lifetime of issued access tokens (Polar documents 12 h).</summary>
        public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(43199);

        /// <summary>Whether the Polar token endpoint rotates refresh tokens (undocumented upstream; off by default).</summary>
        public bool RotateRefreshTokens { get; set; }

        /// <summary>
        /// Valor and AiKYNETIX sessions arrive one per interval after the world starts (and AiKYNETIX's finish
        /// processing one interval later), and Polar gets a late team session or an edit per interval, so the
        /// interactive sandbox shows new and changed sessions. Null (the
        /// default for tests): sessions arrive only when a test calls ArriveLater.
        /// </summary>
        public TimeSpan? LateArrivalInterval { get; set; }

        /// <summary>
        /// When Polar's first timed change comes (then one per <see cref="LateArrivalInterval"/>); null: after one
        /// interval. The interactive sandbox waits five minutes: a first sync of the last three days of both teams is a
        /// few hundred requests at the documented 1 request/s, and must not see a change arrive while it runs.
        /// </summary>
        public TimeSpan? PolarFirstLateArrival { get; set; }
    }

    /// <summary>
    /// The whole simulated vendor landscape: every module, the fault plan, and a log of requests.
    /// The same world answers in-process (<see cref="SandboxHandler"/>) and over Kestrel in the tests.
    /// </summary>
    public sealed class SandboxWorld
    {
        private static readonly Lazy<SandboxWorld> SharedWorld = new Lazy<SandboxWorld>(() => new SandboxWorld(new SandboxOptions { LateArrivalInterval = TimeSpan.FromMinutes(2), PolarFirstLateArrival = TimeSpan.FromMinutes(5) }), LazyThreadSafetyMode.ExecutionAndPublication);
        private readonly List<ISimulatorModule> _modules = new List<ISimulatorModule>();
        private readonly ConcurrentQueue<string> _requestLog = new ConcurrentQueue<string>();

        public SandboxWorld(SandboxOptions options)
        {
            Options = options;
            Polar = new Polar.PolarSimulator(options);
            _modules.Add(Polar);
            Valor = new Valor.ValorSimulator(options);
            _modules.Add(Valor.Cognito);
            _modules.Add(Valor);
            AddModule(Aikynetix = new Aikynetix.AikynetixSimulator(options));
        }

        /// <summary>The world -Sandbox connections share within one process, so writes are seen by later reads.</summary>
        public static SandboxWorld Shared => SharedWorld.Value;

        public SandboxOptions Options { get; }

        public FaultPlan Faults { get; } = new FaultPlan();

        public Polar.PolarSimulator Polar { get; }

        /// <summary>The Valor API and its Cognito sign-in (<c>Valor.Cognito</c>).</summary>
        public Valor.ValorSimulator Valor { get; }

        public Aikynetix.AikynetixSimulator Aikynetix { get; }

        /// <summary>"METHOD path?query" of every request received, oldest first.</summary>
        public IReadOnlyCollection<string> RequestLog => _requestLog.ToArray();

        public void ClearRequestLog()
        {
            while (_requestLog.TryDequeue(out _)) { }
        }

        /// <summary>Adds a vendor module (Valor, Cognito, AiKYNETIX register themselves here).</summary>
        public void AddModule(ISimulatorModule module) => _modules.Add(module);

        /// <summary>Raised for every request before it is answered (tests look at headers here).</summary>
        public event Action<SimRequest>? RequestReceived;

        /// <summary>Raised with every answer, as sent (tests collect the tokens and signed URLs handed out here).</summary>
        public event Action<SimRequest, SimResponse>? ResponseSent;

        /// <summary>
        /// The body of GET v1/training_sessions/{id}?samples=all as a signed-in client gets it: how benchmarks and tests
        /// record player sessions without a server.
        /// </summary>
        public async Task<byte[]> PolarPlayerSessionBodyAsync(string playerSessionId, CancellationToken cancellationToken = default)
        {
            var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + Polar.OAuth.IssueAccessToken(SportsData.Sandbox.Polar.PolarSimulator.DemoClientId, TimeSpan.FromHours(1)) };
            var request = new SimRequest("GET", "/v1/training_sessions/" + playerSessionId, "?samples=all", headers, Array.Empty<byte>());
            return (await DispatchAsync(request, cancellationToken).ConfigureAwait(false)).Body;
        }

        public async Task<SimResponse> DispatchAsync(SimRequest request, CancellationToken cancellationToken)
        {
            _requestLog.Enqueue(request.Method + " " + request.Path + QueryText(request));
            RequestReceived?.Invoke(request);
            SimResponse response = await AnswerAsync(request, cancellationToken).ConfigureAwait(false);
            ResponseSent?.Invoke(request, response);
            return response;
        }

        private async Task<SimResponse> AnswerAsync(SimRequest request, CancellationToken cancellationToken)
        {
            TakenFault fault = Faults.Take(request);
            if (fault.Delay > TimeSpan.Zero) await Task.Delay(fault.Delay, cancellationToken).ConfigureAwait(false);
            if (fault.Response != null) return fault.Response;
            if (fault.ExpiresTokens) ExpireTokens();
            SimResponse? answer = null;
            foreach (ISimulatorModule module in _modules)
            {
                answer = module.Handle(request);
                if (answer != null) break;
            }
            answer ??= SimResponse.NotFound("No simulated endpoint for " + request.Method + " " + request.Path);
            return fault.After != null ? fault.After(answer) : answer;
        }

        /// <summary>Every access and ID token issued so far stops working (refresh tokens and API keys still do).</summary>
        public void ExpireTokens()
        {
            Polar.OAuth.RevokeAccessTokens();
            Valor.Cognito.RevokeTokens();
            Aikynetix.ExpireIdTokens();
        }

        private static string QueryText(SimRequest request)
        {
            if (request.Query.Count == 0) return string.Empty;
            var parts = new List<string>();
            foreach (KeyValuePair<string, string> pair in request.Query) parts.Add(pair.Key + "=" + pair.Value);
            return "?" + string.Join("&", parts);
        }
    }
}
