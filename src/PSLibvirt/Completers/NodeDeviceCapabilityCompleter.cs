using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSLibvirt.Completers;

/// <summary>Completes node device capability names (virsh nodedev-list --cap); no connection needed.</summary>
internal sealed class NodeDeviceCapabilityCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(Core.NodeDeviceApi.CapabilityNames.Select(n => (n, n)), wordToComplete);
}
