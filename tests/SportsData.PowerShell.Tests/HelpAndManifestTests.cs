using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;

namespace SportsData.PowerShell.Tests;

/// <summary>
/// Keeps the cmdlets, their help pages (PlatyPS markdown in docs/help) and the manifest's export list in
/// step. Pure reflection and text: needs no PowerShell host.
/// </summary>
public class HelpAndManifestTests
{
    private static readonly Assembly ModuleAssembly = typeof(SportsDataCmdlet).Assembly;

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, "SportsData.sln"))) directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("SportsData.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static IEnumerable<(string Name, Type Type, CmdletAttribute Attribute)> Cmdlets() =>
        ModuleAssembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Cmdlet).IsAssignableFrom(t))
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<CmdletAttribute>()))
            .Where(x => x.Attribute != null)
            .Select(x => (x.Attribute!.VerbName + "-" + x.Attribute.NounName, x.Type, x.Attribute!));

    public static IEnumerable<object[]> CmdletNames() => Cmdlets().Select(c => new object[] { c.Name });

    /// <summary>Every parameter a user sees: declared ones plus those PowerShell adds for paging and ShouldProcess.</summary>
    public static IEnumerable<string> ParametersOf(Type type, CmdletAttribute attribute)
    {
        var names = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttributes<ParameterAttribute>().Any())
            .Select(p => p.Name)
            .ToList();
        if (attribute.SupportsPaging) names.AddRange(new[] { "First", "Skip", "IncludeTotalCount" });
        if (attribute.SupportsShouldProcess) names.AddRange(new[] { "WhatIf", "Confirm" });
        return names.Distinct();
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_has_a_help_page_with_every_parameter_and_an_example(string cmdlet)
    {
        var (_, type, attribute) = Cmdlets().Single(c => c.Name == cmdlet);
        string page = Path.Combine(RepositoryRoot, "docs", "help", cmdlet + ".md");
        Assert.True(File.Exists(page), $"{cmdlet} has no help page at docs/help/{cmdlet}.md");
        string text = File.ReadAllText(page);
        Assert.Matches(new Regex("^# " + Regex.Escape(cmdlet) + @"\s*$", RegexOptions.Multiline), text);
        foreach (string section in new[] { "## SYNOPSIS", "## SYNTAX", "## DESCRIPTION", "## EXAMPLES", "## PARAMETERS", "## OUTPUTS" })
        {
            Assert.Contains(section, text);
        }
        Assert.Matches(new Regex(@"### Example 1.*\r?\n+```powershell", RegexOptions.Multiline), text);
        var documented = Regex.Matches(text, @"^### -(\w+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = ParametersOf(type, attribute).Where(p => !documented.Contains(p)).ToList();
        Assert.True(missing.Count == 0, $"{cmdlet}: no '### -Name' section in its help page for: {string.Join(", ", missing)}");
        var unknown = documented.Where(d => !ParametersOf(type, attribute).Contains(d, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(unknown.Count == 0, $"{cmdlet}: the help page documents parameters the cmdlet does not have: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void The_shipped_MAML_help_covers_every_cmdlet_and_the_about_topic_exists()
    {
        // docs/maml is generated from docs/help by './build.ps1 -Task Help' (PlatyPS) and committed, so the module
        // ships help even where PlatyPS is not installed. Regenerate it when a cmdlet is added.
        string maml = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "maml", "en-US", "SportsData.PowerShell.dll-Help.xml"));
        var inMaml = Regex.Matches(maml, @"<command:name>([^<]+)</command:name>").Select(m => m.Groups[1].Value).ToHashSet();
        var missing = Cmdlets().Select(c => c.Name).Where(n => !inMaml.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "MAML help is missing (run ./build.ps1 -Task Help): " + string.Join(", ", missing));
        Assert.True(File.Exists(Path.Combine(RepositoryRoot, "docs", "about", "about_SportsData.help.txt")));
    }

    [Fact]
    public void Manifest_exports_exactly_the_cmdlets_in_the_assembly()
    {
        string manifest = File.ReadAllText(Path.Combine(RepositoryRoot, "SportsData.psd1"));
        Match block = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)");
        Assert.True(block.Success, "SportsData.psd1 has no explicit CmdletsToExport = @(...) list");
        var exported = Regex.Matches(block.Groups["list"].Value, @"'([^']+)'").Select(m => m.Groups[1].Value).ToHashSet();
        var inAssembly = Cmdlets().Select(c => c.Name).ToHashSet();
        Assert.True(exported.SetEquals(inAssembly),
            $"CmdletsToExport and the assembly disagree. Not exported: {string.Join(", ", inAssembly.Except(exported))}. Exported but missing: {string.Join(", ", exported.Except(inAssembly))}");
        Assert.DoesNotContain("'*'", block.Groups["list"].Value);
    }

    [Fact]
    public void Every_cmdlet_uses_an_approved_verb_and_declares_its_output()
    {
        var approved = typeof(VerbsCommon).Assembly.GetTypes()
            .Where(t => t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!))
            .ToHashSet();
        foreach (var (name, type, attribute) in Cmdlets())
        {
            Assert.True(approved.Contains(attribute.VerbName), $"{name}: '{attribute.VerbName}' is not an approved verb");
            Assert.True(type.GetCustomAttributes<OutputTypeAttribute>().Any(), $"{name} has no [OutputType]");
        }
    }

    [Fact]
    public void Every_vendor_cmdlet_knows_its_vendor_name_and_connect_cmdlet()
    {
        // The names come from a table keyed by connection type (VendorCmdlet<T>), not from members the compiler enforces.
        int checkedCmdlets = 0;
        foreach (var (name, type, _) in Cmdlets())
        {
            Type? vendorBase = type;
            while (vendorBase != null && !(vendorBase.IsGenericType && vendorBase.GetGenericTypeDefinition() == typeof(VendorCmdlet<>))) vendorBase = vendorBase.BaseType;
            if (vendorBase == null) continue;
            string? connect = (string?)vendorBase.GetProperty("ConnectCmdletName", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null);
            string? vendor = (string?)vendorBase.GetProperty("VendorName", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null);
            Assert.Contains(connect, Cmdlets().Select(c => c.Name));
            Assert.StartsWith("Connect-", connect, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(vendor), name);
            checkedCmdlets++;
        }
        Assert.True(checkedCmdlets >= 20, "vendor cmdlets checked: " + checkedCmdlets);
    }
}
