using System.Collections;
using System.Management.Automation.Language;

namespace SportsData.PowerShell.Aikynetix
{
    /// <summary>Tab completion of the documented activity names (the API may know more; any text is accepted).</summary>
    public sealed class ActivityCompleter : IArgumentCompleter
    {
        private static readonly string[] Activities = { "Running", "Weightlifting", "Vertical Jump", "Mobility Assessment" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Activities
                .Where(a => a.StartsWith(typed, System.StringComparison.OrdinalIgnoreCase))
                .Select(a => new CompletionResult(a.Contains(" ") ? "'" + a + "'" : a, a, CompletionResultType.ParameterValue, a));
        }
    }
}
