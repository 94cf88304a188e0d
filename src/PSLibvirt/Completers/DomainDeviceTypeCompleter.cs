using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSLibvirt.Completers;

/// <summary>Completes the kinds of domain devices (the elements under &lt;devices&gt;) for Get-DomainDevice -Type; no connection needed.</summary>
internal sealed class DomainDeviceTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(Core.DomainDeviceXml.DeviceElements.Select(n => (n, n)), wordToComplete);
}
