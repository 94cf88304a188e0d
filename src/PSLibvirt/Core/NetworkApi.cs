using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Virtual networks: list, look up, snapshot (with what the XML tells), XML, define/create, start/stop, undefine, autostart, DHCP leases.</summary>
internal static class NetworkApi
{
    /// <summary>virConnectListAllNetworks: every network's handle (the caller disposes them).</summary>
    public static unsafe List<NetworkHandle> ListAll(LibvirtConnection connection)
    {
        nint* array = null;
        int n = Vir.ConnectListAllNetworks(connection.Handle, (nint*)&array);
        return LibvirtHandle.TakeArray<NetworkHandle>(array, n);
    }

    public static List<Network> List(LibvirtConnection connection, Hypervisor? hypervisor = null)
    {
        var handles = ListAll(connection);
        try
        {
            var result = new List<Network>(handles.Count);
            foreach (var h in handles) result.Add(Snapshot(h, hypervisor));
            return result;
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
    }

    public static string GetName(NetworkHandle h) => Vir.NetworkGetName(h);

    public static unsafe Guid GetUuid(NetworkHandle h)
    {
        byte* raw = stackalloc byte[16];
        Vir.NetworkGetUUID(h, raw);
        return new Guid(new ReadOnlySpan<byte>(raw, 16), bigEndian: true);
    }

    public static unsafe Network Snapshot(NetworkHandle h, Hypervisor? hypervisor)
    {
        bool active = Vir.NetworkIsActive(h) == 1;
        int autostart;
        Vir.NetworkGetAutostart(h, &autostart);
        string? bridge;
        try { bridge = Vir.NetworkGetBridgeName(h); }
        catch (LibvirtException) { bridge = null; } // Networks without a bridge (e.g. hostdev, direct).
        var facts = ParseXml(GetXml(h));
        return new Network
        {
            Name = GetName(h),
            Uuid = GetUuid(h),
            Active = active,
            Persistent = Vir.NetworkIsPersistent(h) == 1,
            Autostart = autostart != 0,
            Bridge = string.IsNullOrEmpty(bridge) ? facts.Bridge : bridge,
            ForwardMode = facts.ForwardMode,
            IPAddress = facts.IPAddress,
            PrefixLength = facts.PrefixLength,
            DhcpStart = facts.DhcpStart,
            DhcpEnd = facts.DhcpEnd,
            Hypervisor = hypervisor,
        };
    }

    /// <summary>What a network's XML tells beyond virNetworkGet*: bridge, forward mode, first address, DHCP range.</summary>
    public readonly record struct NetworkXmlFacts(string? Bridge, string ForwardMode, string? IPAddress, int? PrefixLength, string? DhcpStart, string? DhcpEnd);

    /// <summary>
    /// Reads <see cref="NetworkXmlFacts"/> from network XML. The forward mode is &lt;forward mode&gt; (nat when the
    /// element has none, as libvirt defaults), isolated without &lt;forward&gt;. The address is the first IPv4
    /// &lt;ip&gt; (else the first &lt;ip&gt;), its prefix from prefix= or netmask=; the DHCP range is that &lt;ip&gt;'s first range.
    /// </summary>
    public static NetworkXmlFacts ParseXml(string xml)
    {
        var doc = LibvirtXml.Parse(xml);
        var root = doc.Root ?? throw new ArgumentException("The network XML has no root element.", nameof(xml));
        string? bridge = Nullify((string?)root.Element("bridge")?.Attribute("name"));
        var forward = root.Element("forward");
        string mode = forward is null ? "isolated" : Nullify((string?)forward.Attribute("mode")) ?? "nat";
        var ips = root.Elements("ip").ToList();
        var ip = ips.FirstOrDefault(e => ((string?)e.Attribute("family") ?? "ipv4") == "ipv4" && !((string?)e.Attribute("address") ?? "").Contains(':'))
                 ?? ips.FirstOrDefault();
        string? address = Nullify((string?)ip?.Attribute("address"));
        int? prefix = null;
        if (ip is not null)
        {
            if (int.TryParse((string?)ip.Attribute("prefix"), out int p)) prefix = p;
            else if ((string?)ip.Attribute("netmask") is { } mask && System.Net.IPAddress.TryParse(mask, out var m)) prefix = PrefixOf(m);
            else if (address is not null && address.Contains(':')) prefix = 64;
        }
        var range = ip?.Element("dhcp")?.Element("range");
        return new NetworkXmlFacts(bridge, mode, address, prefix,
            Nullify((string?)range?.Attribute("start")), Nullify((string?)range?.Attribute("end")));
    }

    private static string? Nullify(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>The prefix length of a netmask (255.255.255.0 is 24).</summary>
    public static int PrefixOf(System.Net.IPAddress netmask)
    {
        int bits = 0;
        foreach (byte b in netmask.GetAddressBytes()) bits += System.Numerics.BitOperations.PopCount(b);
        return bits;
    }

    /// <summary>The names of every network (for completion and the provider).</summary>
    public static List<string> ListNames(LibvirtConnection connection)
    {
        var handles = ListAll(connection);
        try { return handles.Select(GetName).ToList(); }
        finally { foreach (var h in handles) h.Dispose(); }
    }

    /// <summary>The network named <paramref name="name"/>, or null when there is none.</summary>
    public static NetworkHandle? TryLookupByName(LibvirtConnection c, string name) => Vir.TryNetworkLookupByName(c.Handle, name);

    /// <summary>The network with <paramref name="uuid"/>, or null when there is none.</summary>
    public static NetworkHandle? TryLookupByUuid(LibvirtConnection c, Guid uuid) => Vir.TryNetworkLookupByUUIDString(c.Handle, uuid.ToString("D"));

    /// <summary>Creates and starts a transient network (virsh net-create); libvirt validates the XML first.</summary>
    public static NetworkHandle CreateTransient(LibvirtConnection c, string xml) =>
        Definitions.Parse(() => Vir.NetworkCreateXMLFlags(c.Handle, xml, VirNetworkCreateFlags.VIR_NETWORK_CREATE_VALIDATE));

    public static bool IsPersistent(NetworkHandle h) => Vir.NetworkIsPersistent(h) == 1;

    /// <summary>virNetworkGetDHCPLeases: the network's current leases (all of them; callers filter).</summary>
    public static unsafe List<NetworkDhcpLease> GetDhcpLeases(NetworkHandle h, string networkName, Hypervisor? hypervisor)
    {
        VirNetworkDHCPLease** leases = null;
        int n = Vir.NetworkGetDHCPLeases(h, null, &leases);
        var result = new List<NetworkDhcpLease>(n);
        try
        {
            for (int i = 0; i < n; i++) result.Add(ToLease(leases[i], networkName, hypervisor));
        }
        finally
        {
            for (int i = 0; i < n; i++) Libvirt.virNetworkDHCPLeaseFree(leases[i]);
            Utf8.Free(leases);
        }
        return result;
    }

    /// <summary>Copies one libvirt lease record into a <see cref="NetworkDhcpLease"/>.</summary>
    public static unsafe NetworkDhcpLease ToLease(VirNetworkDHCPLease* l, string networkName, Hypervisor? hypervisor) => new()
    {
        Network = networkName,
        Interface = Utf8.Read(l->iface),
        MacAddress = Utf8.Read(l->mac),
        Type = l->type == (int)VirIPAddrType.VIR_IP_ADDR_TYPE_IPV6 ? "ipv6" : "ipv4",
        IPAddress = Utf8.Read(l->ipaddr),
        PrefixLength = (int)l->prefix,
        Hostname = Nullify(Utf8.Read(l->hostname)),
        ClientId = Nullify(Utf8.Read(l->clientid)),
        Iaid = Nullify(Utf8.Read(l->iaid)),
        ExpiryTime = DateTimeOffset.FromUnixTimeSeconds(l->expirytime).LocalDateTime,
        Hypervisor = hypervisor,
    };

    public static NetworkHandle LookupByName(LibvirtConnection c, string name) => Vir.NetworkLookupByName(c.Handle, name);

    /// <summary>The network's XML; the persistent configuration when <paramref name="inactive"/> and the driver can tell it apart.</summary>
    public static string GetXml(NetworkHandle h, bool inactive = false)
    {
        if (inactive)
        {
            try { return Vir.NetworkGetXMLDesc(h, VirNetworkXMLFlags.VIR_NETWORK_XML_INACTIVE); }
            // Drivers without separate configurations (the test driver) reject the flag.
            catch (LibvirtException ex) when (ex.Code is VirErrorNumber.VIR_ERR_INVALID_ARG or VirErrorNumber.VIR_ERR_NO_SUPPORT) { }
        }
        return Vir.NetworkGetXMLDesc(h);
    }

    /// <summary>Defines (or redefines) a persistent network; libvirt validates the XML against its schema first.</summary>
    public static NetworkHandle Define(LibvirtConnection c, string xml) =>
        Definitions.Parse(() => Vir.NetworkDefineXMLFlags(c.Handle, xml, VirNetworkDefineFlags.VIR_NETWORK_DEFINE_VALIDATE));

    public static bool IsActive(NetworkHandle h) => Vir.NetworkIsActive(h) == 1;

    public static void Start(NetworkHandle h) => Vir.NetworkCreate(h);

    public static void Stop(NetworkHandle h) => Vir.NetworkDestroy(h);

    public static void Undefine(NetworkHandle h) => Vir.NetworkUndefine(h);

    public static void SetAutostart(NetworkHandle h, bool autostart) => Vir.NetworkSetAutostart(h, autostart ? 1 : 0);
}
