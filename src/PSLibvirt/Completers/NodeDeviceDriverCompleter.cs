using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSLibvirt.Completers;

/// <summary>Completes the stub drivers virsh nodedev-detach --driver takes in libvirt 9 (vfio, xen); no connection needed.</summary>
internal sealed class NodeDeviceDriverCompleter : IArgumentCompleter
{
    private static readonly (string, string)[] Drivers = { ("vfio", "vfio-pci (libvirt's default)"), ("xen", "xen-pciback (Xen hosts)") };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(Drivers, wordToComplete);
}
