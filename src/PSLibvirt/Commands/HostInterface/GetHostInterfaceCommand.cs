using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists the host's network interfaces as libvirt's interface driver sees them (virsh iface-list --all, iface-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "HostInterface", DefaultParameterSetName = "Name")]
[OutputType(typeof(HostInterface))]
[Lists(typeof(HostInterface))]
public sealed partial class GetHostInterfaceCommand : LibvirtCmdlet
{
    /// <summary>Only interfaces with one of these MAC addresses (case-insensitive), as virsh iface-name finds them.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.HostInterfaceMacCompleter))]
    public string[]? MacAddress { get; set; }

    /// <summary>Only interfaces that are up (virsh iface-list).</summary>
    [Parameter] public SwitchParameter Active { get; set; }

    /// <summary>Only interfaces that are down (virsh iface-list --inactive).</summary>
    [Parameter] public SwitchParameter Inactive { get; set; }

    protected override void BeginProcessing() =>
        ExcludeEachOther(Active, Inactive, "Active", "Inactive", "an interface is one or the other. Use neither to list both");

    private bool Keep(HostInterface i) =>
        (!Active || i.Active) && (!Inactive || !i.Active) &&
        (MacAddress is not { Length: > 0 } || (i.MacAddress is { } mac && MacAddress.Contains(mac, StringComparer.OrdinalIgnoreCase)));

    protected override void ProcessRecord()
    {
        var hosts = ListedConnections();
        var sorted = (Hypervisor h) => (IReadOnlyList<HostInterface>)ObjectKinds.HostInterface.List(h).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        foreach (var i in ListMatching(ObjectKinds.HostInterface, Name, hosts, sorted))
            if (Keep(i)) WriteObject(i);
    }
}
