using System.Management.Automation.Runspaces;

namespace SportsData.PowerShell.Tests;

/// <summary>
/// Base of the tests that run the module in PowerShell (after Npgsql's TestBase): each test gets one runspace with the
/// module imported, opened when the test first runs a script and closed after the test, so no test opens and closes
/// its own.
/// </summary>
public abstract class ModuleTestBase : IDisposable
{
    private readonly Action<InitialSessionState>? _configure;
    private ModuleRunspace? _runspace;

    /// <param name="configure">What the test class adds to every runspace's initial state (e.g. Export-Csv).</param>
    protected ModuleTestBase(Action<InitialSessionState>? configure = null) => _configure = configure;

    /// <summary>The test's runspace (opened on first use).</summary>
    protected ModuleRunspace Ps => _runspace ??= new ModuleRunspace(_configure);

    /// <summary>Runs a script in the test's runspace; terminating errors surface as exceptions.</summary>
    protected ModuleRunspace.Result Run(string script, IDictionary<string, object?>? variables = null) => Ps.Run(script, variables);

    /// <summary>The output objects of type <typeparamref name="T"/>, unwrapped.</summary>
    protected static List<T> Objects<T>(ModuleRunspace.Result result) => result.Output.Select(o => o.BaseObject).OfType<T>().ToList();

    public virtual void Dispose()
    {
        _runspace?.Dispose();
        GC.SuppressFinalize(this);
    }
}
