using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>What libvirt tells of a domain's guest through its own calls (addresses, hostname, time, ...).</summary>
public static class GuestInfoApi
{
    /// <summary>One address of an interface, as virDomainInterfaceAddresses reports it.</summary>
    public sealed record InterfaceAddress(string Interface, string? MacAddress, string Address, int PrefixLength, IPAddressFamily Family);

    /// <summary>The domain's interface addresses from <paramref name="source"/> (virsh domifaddr); an interface without addresses gives none.</summary>
    public static unsafe List<InterfaceAddress> InterfaceAddresses(DomainHandle h, GuestAddressSource source)
    {
        VirDomainInterface** ifaces = null;
        int n = Vir.DomainInterfaceAddresses(h, &ifaces, (uint)(source switch
        {
            GuestAddressSource.Agent => VirDomainInterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT,
            GuestAddressSource.Arp => VirDomainInterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP,
            _ => VirDomainInterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE,
        }));
        var result = new List<InterfaceAddress>();
        try
        {
            for (int i = 0; i < n; i++)
            {
                var iface = ifaces[i];
                string name = Utf8.Read(iface->name) ?? "";
                string? mac = Utf8.Read(iface->hwaddr);
                for (uint j = 0; j < iface->naddrs; j++)
                {
                    var a = &iface->addrs[j];
                    result.Add(new InterfaceAddress(name, mac, Utf8.Read(a->addr) ?? "", (int)a->prefix,
                        a->type == (int)VirIPAddrType.VIR_IP_ADDR_TYPE_IPV6 ? IPAddressFamily.IPv6 : IPAddressFamily.IPv4));
                }
            }
        }
        finally
        {
            for (int i = 0; i < n; i++) Libvirt.virDomainInterfaceFree(ifaces[i]);
            Utf8.Free(ifaces);
        }
        return result;
    }
}
