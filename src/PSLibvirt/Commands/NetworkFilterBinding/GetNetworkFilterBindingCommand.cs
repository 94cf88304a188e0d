using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists network filter bindings (virsh nwfilter-binding-list, nwfilter-binding-dumpxml), sorted by port device.</summary>
[Cmdlet(VerbsCommon.Get, "NetworkFilterBinding", DefaultParameterSetName = "Name")]
[OutputType(typeof(NetworkFilterBinding))]
[Lists(typeof(NetworkFilterBinding))]
public sealed partial class GetNetworkFilterBindingCommand : LibvirtCmdlet
{
    protected override void ProcessRecord()
    {
        var hosts = ListedConnections();
        var sorted = (Hypervisor h) => (IReadOnlyList<NetworkFilterBinding>)ObjectKinds.NetworkFilterBinding.List(h).OrderBy(b => b.PortDevice, StringComparer.Ordinal).ToList();
        foreach (var b in ListMatching(ObjectKinds.NetworkFilterBinding, Name, hosts, sorted)) WriteObject(b);
    }
}
