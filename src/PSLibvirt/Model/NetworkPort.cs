namespace PSLibvirt;

/// <summary>
/// A snapshot of one port of a virtual network (virsh net-port-list, net-port-dumpxml): the network's side of one
/// guest interface, keyed by its UUID within its <see cref="Network"/>. libvirt makes one for each running domain
/// interface on the network; New-NetworkPort makes one for a consumer outside libvirt's domains.
/// </summary>
public sealed class NetworkPort
{
    public Guid Uuid { get; init; }
    /// <summary>The network the port belongs to.</summary>
    public string Network { get; init; } = "";
    public Guid NetworkUuid { get; init; }
    /// <summary>The name of the domain (or other consumer) owning the port.</summary>
    public string? OwnerName { get; init; }
    public Guid? OwnerUuid { get; init; }
    public string? MacAddress { get; init; }
    /// <summary>The network's port group the port is in, or null.</summary>
    public string? PortGroup { get; init; }
    /// <summary>How the port is connected on the host (the &lt;plug type&gt;: network, bridge, direct, hostdev-pci), or null before it is.</summary>
    public string? PlugType { get; init; }
    /// <summary>The bridge (network, bridge plugs) or host device (direct: macvtap's link device) the port is plugged into.</summary>
    public string? PlugDevice { get; init; }
    /// <summary>The connection this snapshot came from.</summary>
    public Hypervisor? Hypervisor { get; init; }
    public string? Hostname => Hypervisor?.Hostname;

    public override string ToString() => Uuid.ToString("D");
}
