using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace SportsData.Loader
{
    /// <summary>
    /// Keeps the module's dependencies (System.Text.Json, Polly, Microsoft.Extensions.*) from clashing with the
    /// versions other modules load. The module folder holds only the cmdlet assembly and SportsData.Models (every
    /// type that crosses into PowerShell); the engine and its dependencies sit in the 'dependencies' subfolder, one
    /// build per runtime (net8.0 for PowerShell 7.4+, netstandard2.0 for Windows PowerShell 5.1), chosen at import.
    /// On PowerShell 7 they load into a private AssemblyLoadContext; on Windows PowerShell 5.1 a resolve handler
    /// loads them side by side from that folder. Without the subfolder (development builds, in-process tests)
    /// nothing is redirected. This assembly is a nested module listed before the cmdlet assembly, so the handlers
    /// are in place before PowerShell inspects the cmdlets (whose types refer to the engine).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public const string DependencyFolderName = "dependencies";
        private static string? _dependencyFolder;

        /// <summary>The engine assemblies the cmdlets reference directly; everything else follows from them.</summary>
        private static readonly string[] EngineAssemblies = { "SportsData.Core", "SportsData.Sandbox" };

        /// <summary>
        /// netstandard2.0 polyfills whose types cross between the cmdlets and the engine (IAsyncEnumerable,
        /// ValueTask, Span): both sides must see one copy, so they load in PowerShell's context, never privately.
        /// </summary>
        internal static readonly string[] SharedAssemblies =
        {
            "Microsoft.Bcl.AsyncInterfaces", "System.Threading.Tasks.Extensions", "System.Memory", "System.Buffers",
            "System.Runtime.CompilerServices.Unsafe", "System.Numerics.Vectors",
        };

        public void OnImport()
        {
            string moduleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;
            string? folder = ChooseBuild(Path.Combine(moduleFolder, DependencyFolderName), IsNetFramework, Environment.Version);
            if (folder == null || _dependencyFolder != null) return;
            _dependencyFolder = folder;
            if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve += ResolveOnNetFramework;
            else CoreIsolation.Register(folder, EngineAssemblies);
        }

        public void OnRemove(PSModuleInfo module)
        {
            if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnNetFramework;
        }

        /// <summary>
        /// The engine build for this runtime: dependencies/net8.0 on .NET 8 or later (PowerShell 7.4+: Parquet and the
        /// newer runtime's own libraries), dependencies/netstandard2.0 otherwise (Windows PowerShell 5.1, PowerShell 7.2/7.3),
        /// or a flat dependencies folder from an older layout. Null when there is no dependencies folder.
        /// </summary>
        internal static string? ChooseBuild(string dependencies, bool netFramework, Version runtime)
        {
            if (!Directory.Exists(dependencies)) return null;
            string net8 = Path.Combine(dependencies, "net8.0");
            string standard = Path.Combine(dependencies, "netstandard2.0");
            if (!netFramework && runtime.Major >= 8 && Directory.Exists(net8)) return net8;
            if (Directory.Exists(standard)) return standard;
            return dependencies;
        }

        private static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        /// <summary>Windows PowerShell 5.1: load our copies by path; strong-named versions live side by side.</summary>
        private static Assembly? ResolveOnNetFramework(object? sender, ResolveEventArgs args)
        {
            if (_dependencyFolder == null) return null;
            string path = Path.Combine(_dependencyFolder, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }

        /// <summary>Kept apart so Windows PowerShell never loads the AssemblyLoadContext types.</summary>
        private static class CoreIsolation
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            public static void Register(string folder, string[] engineAssemblies)
            {
                var context = new DependencyLoadContext(folder);
                AssemblyLoadContext.Default.Resolving += (defaultContext, name) =>
                {
                    if (Array.IndexOf(engineAssemblies, name.Name) >= 0) return context.LoadFromAssemblyName(name);
                    string shared = Path.Combine(folder, name.Name + ".dll");
                    return Array.IndexOf(SharedAssemblies, name.Name) >= 0 && File.Exists(shared) ? defaultContext.LoadFromAssemblyPath(shared) : null;
                };
            }
        }
    }

    /// <summary>Loads the assemblies found in the dependency folder privately; shared polyfills and everything else come from PowerShell's context.</summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public DependencyLoadContext(string folder)
        {
            _folder = folder;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (Array.IndexOf(ModuleInitializer.SharedAssemblies, assemblyName.Name) >= 0) return null;
            string path = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
