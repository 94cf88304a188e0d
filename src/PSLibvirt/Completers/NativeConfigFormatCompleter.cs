using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSLibvirt.Completers;

/// <summary>Completes the native configuration formats of domxml-to-native/from-native; no connection needed.</summary>
internal sealed class NativeConfigFormatCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(Core.DomainDefinitionApi.NativeFormats.Select(n => (n, n)), wordToComplete);
}
