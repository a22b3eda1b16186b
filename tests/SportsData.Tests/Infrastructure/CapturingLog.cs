using System.Collections.Concurrent;
using SportsData.Http;

namespace SportsData.Tests.Infrastructure;

/// <summary>Collects what the engine logs, as RequestLog.Current for the test's async flow.</summary>
public sealed class CapturingLog : IRequestLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ConcurrentQueue<(string Activity, long Done, long? Total)> ProgressReports { get; } = new();

    public static CapturingLog Install()
    {
        var log = new CapturingLog();
        RequestLog.Current = log;
        return log;
    }

    public string All => string.Join("\n", Lines);

    public string Text => All;

    public IReadOnlyList<string> Warnings => Lines.Where(l => l.StartsWith("WARNING: ", StringComparison.Ordinal)).ToList();

    public void Verbose(string message) => Lines.Enqueue("VERBOSE: " + message);

    public void Debug(string message) => Lines.Enqueue("DEBUG: " + message);

    public void Warning(string message) => Lines.Enqueue("WARNING: " + message);

    public void Progress(string activity, string status, long done, long? total) => ProgressReports.Enqueue((activity, done, total));
}
