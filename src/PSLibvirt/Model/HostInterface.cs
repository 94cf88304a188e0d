namespace PSLibvirt;

/// <summary>
/// A snapshot of one host network interface as libvirt's interface driver sees it (virsh iface-list, iface-dumpxml):
/// keyed by its <see cref="Name"/> on the <see cref="Hypervisor"/> it came from (interfaces have no UUID).
/// </summary>
public sealed class HostInterface
{
    /// <summary>The interface's name on the host (eth0, br0, bond0, eth0.10).</summary>
    public string Name { get; init; } = "";
    /// <summary>ethernet, bridge, bond or vlan (the type attribute of &lt;interface&gt;).</summary>
    public string Type { get; init; } = "";
    /// <summary>The MAC address its definition gives, or null.</summary>
    public string? MacAddress { get; init; }
    /// <summary>Whether the interface is up.</summary>
    public bool Active { get; init; }
    /// <summary>When the host brings it up: onboot, hotplug or none; null when the definition does not say.</summary>
    public string? StartMode { get; init; }
    /// <summary>The MTU its definition gives, or null.</summary>
    public int? Mtu { get; init; }
    /// <summary>Its IPv4 and IPv6 addresses as address/prefix (as the live XML gives them).</summary>
    public string[] Addresses { get; init; } = Array.Empty<string>();
    /// <summary>The connection this snapshot came from.</summary>
    public Hypervisor? Hypervisor { get; init; }
    public string? Hostname => Hypervisor?.Hostname;

    public override string ToString() => Name;
}

/// <summary>The kinds of host interface libvirt's interface XML describes (the type attribute of &lt;interface&gt;).</summary>
public enum HostInterfaceType { Ethernet, Bridge, Bond, Vlan }

/// <summary>When the host brings an interface up (&lt;start mode&gt;).</summary>
public enum HostInterfaceStartMode { OnBoot, None, Hotplug }
