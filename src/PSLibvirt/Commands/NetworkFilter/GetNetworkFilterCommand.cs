using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists network filters (virsh nwfilter-list, nwfilter-dumpxml), sorted by name.</summary>
[Cmdlet(VerbsCommon.Get, "NetworkFilter", DefaultParameterSetName = "Name")]
[OutputType(typeof(NetworkFilter))]
[Lists(typeof(NetworkFilter))]
public sealed partial class GetNetworkFilterCommand : LibvirtCmdlet
{
    protected override void ProcessRecord()
    {
        var hosts = ListedConnections();
        var sorted = (Hypervisor h) => (IReadOnlyList<NetworkFilter>)ObjectKinds.NetworkFilter.List(h).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        foreach (var f in ListMatching(ObjectKinds.NetworkFilter, Name, hosts, sorted)) WriteObject(f);
    }
}
