namespace PSLibvirt;

/// <summary>
/// A snapshot of one virtual network (virsh net-info plus what its XML tells: forward mode, address, DHCP range),
/// keyed by <see cref="Uuid"/> and the <see cref="Hypervisor"/> it came from.
/// </summary>
public sealed class Network
{
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    public bool Active { get; init; }
    public bool Persistent { get; init; }
    public bool Autostart { get; init; }
    /// <summary>The host bridge device, or null when the network has none.</summary>
    public string? Bridge { get; init; }
    /// <summary>
    /// How traffic leaves the network: the &lt;forward mode&gt; (nat, route, open, bridge, private, vepa, passthrough,
    /// hostdev), or isolated when the network has no &lt;forward&gt; element.
    /// </summary>
    public string ForwardMode { get; init; } = "isolated";
    /// <summary>The host's address on the network (its first IPv4 &lt;ip&gt;, else the first one), or null.</summary>
    public string? IPAddress { get; init; }
    /// <summary>The prefix length of <see cref="IPAddress"/> (from its prefix or netmask), or null.</summary>
    public int? PrefixLength { get; init; }
    /// <summary>The first address of the DHCP range of <see cref="IPAddress"/>'s &lt;ip&gt;, or null without DHCP.</summary>
    public string? DhcpStart { get; init; }
    /// <summary>The last address of the DHCP range, or null without DHCP.</summary>
    public string? DhcpEnd { get; init; }
    public Hypervisor? Hypervisor { get; init; }
    public string? Hostname => Hypervisor?.Hostname;

    /// <summary>"address/prefix", or null.</summary>
    public string? Subnet => IPAddress is null ? null : PrefixLength is int p ? $"{IPAddress}/{p}" : IPAddress;

    /// <summary>"start-end", or null without DHCP.</summary>
    public string? DhcpRange => DhcpStart is null ? null : $"{DhcpStart}-{DhcpEnd}";

    public override string ToString() => Name;
}

/// <summary>One DHCP lease handed out on a virtual network (virsh net-dhcp-leases).</summary>
public sealed class NetworkDhcpLease
{
    /// <summary>The name of the network the lease is on.</summary>
    public string Network { get; init; } = "";
    /// <summary>The network interface (the bridge) the lease was handed out on.</summary>
    public string? Interface { get; init; }
    public string? MacAddress { get; init; }
    /// <summary>ipv4 or ipv6.</summary>
    public string Type { get; init; } = "ipv4";
    public string? IPAddress { get; init; }
    public int PrefixLength { get; init; }
    public string? Hostname { get; init; }
    /// <summary>The client ID (IPv4) or DUID (IPv6), or null.</summary>
    public string? ClientId { get; init; }
    /// <summary>The IAID of an IPv6 lease, or null.</summary>
    public string? Iaid { get; init; }
    /// <summary>When the lease expires, in local time (as virsh shows it).</summary>
    public DateTime ExpiryTime { get; init; }
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => $"{IPAddress}/{PrefixLength} {MacAddress}";
}
