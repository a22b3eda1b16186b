using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SportsData.PowerShell.Tests;

/// <summary>
/// A PowerShell runspace (System.Management.Automation, in-process) with the module imported from its manifest,
/// so binding, parameter sets, ShouldProcess and errors are tested as PowerShell sees them, without pwsh.
/// </summary>
public sealed class ModuleRunspace : IDisposable
{
    public static string ManifestPath => Path.Combine(AppContext.BaseDirectory, "SportsData.psd1");

    private readonly Runspace _runspace;

    static ModuleRunspace()
    {
        // Tests share the -Sandbox world; sessions arriving by the clock would shift listings between two calls of a test.
        // Tests that need later sessions make them arrive themselves (ArriveLater).
        SportsData.Sandbox.SandboxWorld.Shared.Options.LateArrivalInterval = null;
    }

    public ModuleRunspace() : this(null) { }

    /// <summary>A runspace whose initial state <paramref name="configure"/> extends (e.g. with Export-Csv).</summary>
    public ModuleRunspace(Action<InitialSessionState>? configure)
    {
        InitialSessionState state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { ManifestPath });
        configure?.Invoke(state);
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    public sealed record Result(Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, IReadOnlyList<string> Verbose, IReadOnlyList<string> Warnings);

    /// <summary>Runs a script; terminating errors surface as exceptions.</summary>
    public Result Run(string script, IDictionary<string, object?>? variables = null)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _runspace;
        if (variables != null)
        {
            foreach (var (name, value) in variables) _runspace.SessionStateProxy.SetVariable(name, value);
        }
        shell.AddScript(script);
        Collection<PSObject> output = shell.Invoke();
        return new Result(output, shell.Streams.Error.ToList(), shell.Streams.Verbose.Select(v => v.Message).ToList(), shell.Streams.Warning.Select(w => w.Message).ToList());
    }

    /// <summary>A shell on this runspace for a script to run asynchronously (BeginInvoke, Stop).</summary>
    public System.Management.Automation.PowerShell Create(string script)
    {
        var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        return shell;
    }

    public object? Variable(string name) => _runspace.SessionStateProxy.GetVariable(name);

    public void Dispose() => _runspace.Dispose();
}
