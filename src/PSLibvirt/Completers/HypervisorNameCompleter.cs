using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSLibvirt.Services;


namespace PSLibvirt.Completers;

/// <summary>Completes names of the open connections (never opens one).</summary>
internal sealed class HypervisorNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        return Completion.Match(HypervisorSession.Connections.Select(h => (h.Name, $"{h.Name} ({h.Uri})")), wordToComplete);
    }
}

/// <summary>Shared matching and quoting for the completers.</summary>
internal static class Completion
{
    public static IEnumerable<CompletionResult> Match(IEnumerable<(string Name, string Tooltip)> items, string? wordToComplete)
    {
        string word = (wordToComplete ?? "").Trim('\'', '"');
        var pattern = WildcardPattern.Get(WildcardPattern.Escape(word) + "*", WildcardOptions.IgnoreCase);
        return items.Where(i => pattern.IsMatch(i.Name))
                    .OrderBy(i => i.Name, System.StringComparer.OrdinalIgnoreCase)
                    .Select(i => new CompletionResult(Quote(i.Name), i.Name, CompletionResultType.ParameterValue, i.Tooltip));
    }

    public static string Quote(string name) =>
        name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', '[', ']', ',', ';', '&', '|', '@', '#' }) >= 0
            ? "'" + name.Replace("'", "''") + "'"
            : name;
}
