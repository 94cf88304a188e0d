using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists virtual networks (virsh net-list --all, net-info).</summary>
[Cmdlet(VerbsCommon.Get, "Network", DefaultParameterSetName = "Name")]
[OutputType(typeof(Network))]
[Lists(typeof(Network))]
public sealed partial class GetNetworkCommand : LibvirtCmdlet
{
    [Parameter] public SwitchParameter Active { get; set; }

    [Parameter] public SwitchParameter Inactive { get; set; }

    [Parameter] public SwitchParameter Persistent { get; set; }

    [Parameter] public SwitchParameter Transient { get; set; }

    [Parameter] public SwitchParameter Autostart { get; set; }

    protected override void BeginProcessing()
    {
        ExcludeEachOther(Persistent, Transient, "Persistent", "Transient", "a network is one or the other. Use neither to list both");
        ExcludeEachOther(Active, Inactive, "Active", "Inactive", "a network is one or the other. Use neither to list both");
    }

    private bool Keep(Network n) =>
        (!Active || n.Active) && (!Inactive || !n.Active) &&
        (!Persistent || n.Persistent) && (!Transient || !n.Persistent) &&
        (!Autostart || n.Autostart);

    protected override void ProcessRecord()
    {
        var hosts = ListedConnections();
        var sorted = (Hypervisor h) => (IReadOnlyList<Network>)ObjectKinds.Network.List(h).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        foreach (var n in ListMatching(ObjectKinds.Network, Name, hosts, sorted))
            if (Keep(n)) WriteObject(n);
    }
}
