using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSLibvirt.Core;
using PSLibvirt.Services;

namespace PSLibvirt.Completers;

/// <summary>
/// Completes -Uri of Connect-Hypervisor: the URI aliases of libvirt.conf, the URIs of the open connections and the
/// common local URIs (never a file name, and never opens a connection).
/// </summary>
internal sealed class UriCompleter : IArgumentCompleter
{
    public static readonly string[] CommonUris =
    {
        "qemu:///system", "qemu:///session", "test:///default", "lxc:///system", "xen:///system", "ch:///system",
        "qemu+ssh://", "qemu+tls://", "qemu+tcp://",
    };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var items = new List<(string, string)>();
        foreach (var (alias, uri) in LibvirtClientConfig.UriAliases()) items.Add((alias, $"{alias} = {uri} (libvirt.conf alias)"));
        foreach (var h in HypervisorSession.Connections) items.Add((h.Uri, $"{h.Uri} (open as '{h.Name}')"));
        foreach (var uri in CommonUris) items.Add((uri, uri));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return Completion.Match(items.Where(i => seen.Add(i.Item1)), wordToComplete);
    }
}
