using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSLibvirt.Core;

namespace PSLibvirt.Completers;

/// <summary>Completes the MAC addresses of the host interfaces (Get-HostInterface -MacAddress), the interface's name as tooltip.</summary>
internal sealed class HostInterfaceMacCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(CompleterConnections.Safe(() =>
            CompleterConnections.From(fakeBoundParameters)
                .SelectMany(h => ObjectKinds.HostInterface.ListItems(h).OfType<HostInterface>())
                .Where(i => !string.IsNullOrEmpty(i.MacAddress))
                .Select(i => (i.MacAddress!, $"{i.MacAddress} ({i.Name})"))
                .GroupBy(i => i.Item1, StringComparer.OrdinalIgnoreCase).Select(g => g.First())), wordToComplete);
}
