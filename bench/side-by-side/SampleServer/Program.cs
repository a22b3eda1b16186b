// Serves recorded Polar player-session bodies from memory over loopback, for the side-by-side benchmark.
//   dotnet SampleServer.dll --port 5099 --sessions 100 [--rows 54000] [--delay-ms 500] [--rate-limit]
// Bodies: the simulator's responses with samples=all for sessions of exactly --rows rows, recorded once at start
// (cycled and renamed to ps0001, ps0002, ...). GET /v1/training_sessions/{id}: that body; GET
// /v1/teams/training_sessions/bench: a team session with every session as a participant; GET /stats: requests and
// 429s so far. --rate-limit enforces Polar's documented limit (1 request/s, burst 100, HTTP 429 without
// Retry-After); --delay-ms adds server time to each player-session request. Any bearer token is accepted.
using System.Text;
using System.Text.Json;
using SportsData.Sandbox;
using SportsData.Sandbox.Polar;

int port = IntArg("--port", 5099), sessions = IntArg("--sessions", 100), rows = IntArg("--rows", 54000), delayMs = IntArg("--delay-ms", 0);
bool rateLimit = args.Contains("--rate-limit");

var world = new SandboxWorld(new SandboxOptions { AnchorDate = new DateTime(2026, 6, 30), PolarBurstCapacity = int.MaxValue, PolarRefillPerSecond = 1e9 });
var seeds = world.Polar.Data.Teams.SelectMany(t => t.Sessions).SelectMany(s => s.Participants).Where(p => p.SampleCount == rows).Take(8).ToList();
if (seeds.Count == 0) { Console.Error.WriteLine($"The simulator has no session of {rows} rows; try --rows 54000."); return 1; }
var recorded = new List<(string Id, string Body)>();
foreach (PlayerSessionSeed seed in seeds)
{
    recorded.Add((seed.Id, Encoding.UTF8.GetString(await world.PolarPlayerSessionBodyAsync(seed.Id))));
}
var bodies = new Dictionary<string, byte[]>(StringComparer.Ordinal);
for (int i = 0; i < sessions; i++)
{
    string id = "ps" + (i + 1).ToString("0000");
    var (seedId, body) = recorded[i % recorded.Count];
    bodies[id] = Encoding.UTF8.GetBytes(body.Replace("\"" + seedId + "\"", "\"" + id + "\""));
}
byte[] team = JsonSerializer.SerializeToUtf8Bytes(new
{
    data = new
    {
        id = "bench", team_id = "team", name = "Benchmark", type = "TRAINING", start_time = "2026-06-29T17:30:00",
        participants = bodies.Keys.Select((id, i) => new { player_id = "pl" + (i + 1).ToString("0000"), player_session_id = id }).ToArray(),
    },
});
long requests = 0, limited = 0;
double tokens = 100, last = Environment.TickCount64 / 1000.0;
object gate = new();

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
var app = builder.Build();
app.Run(async context =>
{
    string path = context.Request.Path.Value ?? "/";
    if (path == "/stats")
    {
        await context.Response.WriteAsJsonAsync(new { requests = Interlocked.Read(ref requests), rate_limited = Interlocked.Read(ref limited), sessions, rows, body_bytes = bodies.Values.Sum(b => (long)b.Length) });
        return;
    }
    Interlocked.Increment(ref requests);
    if (rateLimit)
    {
        bool allowed;
        lock (gate)
        {
            double now = Environment.TickCount64 / 1000.0;
            tokens = Math.Min(100, tokens + (now - last));
            last = now;
            allowed = tokens >= 1;
            if (allowed) tokens -= 1;
        }
        if (!allowed)
        {
            Interlocked.Increment(ref limited);
            context.Response.StatusCode = 429;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"error\":{\"status\":429,\"message\":\"Too many requests\"}}");
            return;
        }
    }
    byte[] answer;
    if (path.StartsWith("/v1/training_sessions/", StringComparison.Ordinal) && bodies.TryGetValue(path.Substring("/v1/training_sessions/".Length), out byte[]? body))
    {
        if (delayMs > 0) await Task.Delay(delayMs, context.RequestAborted);
        answer = body;
    }
    else if (path == "/v1/teams/training_sessions/bench") answer = team;
    else if (path.StartsWith("/v1/", StringComparison.Ordinal)) answer = Encoding.UTF8.GetBytes("{\"data\":[]}");
    else { context.Response.StatusCode = 404; return; }
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = answer.Length;
    await context.Response.Body.WriteAsync(answer, context.RequestAborted);
});
Console.WriteLine($"Serving {sessions} player sessions of {rows} rows ({bodies.Values.Sum(b => (long)b.Length) / 1048576.0:0} MiB) on http://127.0.0.1:{port}/" + (rateLimit ? " with Polar's rate limit" : "") + (delayMs > 0 ? $", {delayMs} ms per session" : ""));
await app.RunAsync();
return 0;

int IntArg(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out int value) ? value : fallback;
}
