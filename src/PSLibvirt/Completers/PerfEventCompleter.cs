using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSLibvirt.Completers;

/// <summary>Completes perf event names (virsh perf --enable/--disable); no connection needed.</summary>
internal sealed class PerfEventCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(Core.DomainTuningApi.PerfEventNames.Select(n => (n, n)), wordToComplete);
}
