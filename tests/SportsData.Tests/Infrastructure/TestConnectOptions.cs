using SportsData.Http;

namespace SportsData.Tests.Infrastructure;

/// <summary>What every vendor's test connect options share: fast retries, and the test's own changes applied last.</summary>
public static class TestConnectOptions
{
    /// <summary>Short back-off so fault tests stay quick; generous time-outs so a busy machine does not fail a test.</summary>
    public static RetrySettings FastRetry => new() { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromSeconds(2), AttemptTimeout = TimeSpan.FromSeconds(20), TotalTimeout = TimeSpan.FromSeconds(60) };

    /// <summary><paramref name="options"/> after <paramref name="configure"/> (when given) changed them.</summary>
    public static T With<T>(this T options, Action<T>? configure) where T : class
    {
        configure?.Invoke(options);
        return options;
    }
}
