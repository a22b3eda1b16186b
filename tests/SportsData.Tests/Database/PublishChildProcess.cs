using System.Diagnostics;
using SportsData.Database;

namespace SportsData.Tests.Database;

/// <summary>
/// The test assembly run as a publishing process that tests kill: <c>dotnet SportsData.Tests.dll publish-child
/// &lt;dataset&gt; &lt;connection string&gt; &lt;schema&gt;</c>, the password in <see cref="PasswordVariable"/>.
/// </summary>
public static class PublishChildProcess
{
    public const string Command = "publish-child";
    public const string PasswordVariable = "SPORTSDATA_TEST_PG_PASSWORD";

    public static int Run(string[] args)
    {
        var options = new PublishOptions { Path = args[1], ConnectionString = args[2], Schema = args[3], Password = Environment.GetEnvironmentVariable(PasswordVariable) };
        DatasetPublisher.PublishAsync(options, CancellationToken.None).GetAwaiter().GetResult();
        return 0;
    }

    public static Process Start(string dataset, string connectionString, string schema, string password)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { typeof(PublishChildProcess).Assembly.Location, Command, dataset, connectionString, schema }) start.ArgumentList.Add(arg);
        start.Environment[PasswordVariable] = password;
        return Process.Start(start)!;
    }
}
