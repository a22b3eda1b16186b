using System.Threading;

namespace SportsData.Http
{
    /// <summary>
    /// The log of the current logical operation. Each cmdlet invocation sets its own for the async work it
    /// starts, so two cmdlets sharing a connection in one pipeline never write into each other's streams.
    /// </summary>
    public static class RequestLog
    {
        private static readonly AsyncLocal<IRequestLog?> CurrentLog = new AsyncLocal<IRequestLog?>();

        public static IRequestLog Current
        {
            get => CurrentLog.Value ?? NullRequestLog.Instance;
            set => CurrentLog.Value = value;
        }
    }

    /// <summary>
    /// Where the engine reports what it does. The PowerShell layer forwards these to -Verbose/-Debug on the
    /// pipeline thread. Every message has already been through <see cref="SecretRedactor"/>.
    /// </summary>
    public interface IRequestLog
    {
        void Verbose(string message);

        void Debug(string message);

        void Warning(string message);

        /// <summary>Long work reports how far it is; <paramref name="total"/> is null when unknown.</summary>
        void Progress(string activity, string status, long done, long? total);
    }

    public sealed class NullRequestLog : IRequestLog
    {
        public static readonly NullRequestLog Instance = new NullRequestLog();

        public void Verbose(string message) { }

        public void Debug(string message) { }

        public void Warning(string message) { }

        public void Progress(string activity, string status, long done, long? total) { }
    }
}
