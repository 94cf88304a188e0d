namespace PSLibvirt;

/// <summary>Where Get-DomainIPAddress reads a domain's addresses (virsh domifaddr --source).</summary>
public enum GuestAddressSource
{
    /// <summary>The DHCP leases of the libvirt networks the domain is on (the default).</summary>
    Lease,
    /// <summary>The guest agent (guest-network-get-interfaces): every interface of the guest, loopback too.</summary>
    Agent,
    /// <summary>The host's ARP table.</summary>
    Arp,
}

/// <summary>The family of an IP address.</summary>
public enum IPAddressFamily
{
    IPv4,
    IPv6,
}

/// <summary>One IP address of a domain's interface (Get-DomainIPAddress; virsh domifaddr).</summary>
public sealed class GuestIPAddress
{
    /// <summary>The domain's name.</summary>
    public string Domain { get; init; } = "";
    public Guid DomainUuid { get; init; }
    public Hypervisor? Hypervisor { get; init; }
    /// <summary>The interface's name (the guest's with -Source Agent, the host's vnet with Lease and Arp).</summary>
    public string Interface { get; init; } = "";
    /// <summary>The interface's MAC address, or null.</summary>
    public string? MacAddress { get; init; }
    public string Address { get; init; } = "";
    public int PrefixLength { get; init; }
    public IPAddressFamily Family { get; init; }
    public GuestAddressSource Source { get; init; }

    public override string ToString() => Address;
}
