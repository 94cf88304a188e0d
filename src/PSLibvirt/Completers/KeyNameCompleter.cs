using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSLibvirt.Completers;

/// <summary>
/// Completes key names for Send-DomainKey -Key (no connection needed): the last key of a combination, so that
/// 'ctrl+alt+de' completes to 'ctrl+alt+delete'.
/// </summary>
internal sealed class KeyNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = (wordToComplete ?? "").Trim('\'', '"');
        int plus = word.LastIndexOf('+');
        string prefix = plus < 0 ? "" : word[..(plus + 1)];
        string last = word[(plus + 1)..];
        return Completion.Match(Core.KeyNames.AllNames().Distinct(StringComparer.OrdinalIgnoreCase).Select(n => (prefix + n, n)), prefix + last);
    }
}
