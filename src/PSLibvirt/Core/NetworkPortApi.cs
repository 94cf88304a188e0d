using System.Xml.Linq;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// Ports of virtual networks (virNetworkPort*, virsh net-port-*): list, look up by UUID, XML, create, delete, and the
/// model read from the XML. Only an active network has ports.
/// </summary>
internal static class NetworkPortApi
{
    /// <summary>virNetworkListAllPorts: every port handle of the network (the caller disposes them).</summary>
    public static unsafe List<NetworkPortHandle> ListAll(NetworkHandle network)
    {
        nint* array = null;
        int n = Vir.NetworkListAllPorts(network, (nint*)&array);
        return LibvirtHandle.TakeArray<NetworkPortHandle>(array, n);
    }

    public static unsafe Guid GetUuid(NetworkPortHandle h)
    {
        byte* raw = stackalloc byte[16];
        Vir.NetworkPortGetUUID(h, raw);
        return new Guid(new ReadOnlySpan<byte>(raw, 16), bigEndian: true);
    }

    /// <summary>The port <paramref name="uuid"/> of the network, or null when it has none.</summary>
    public static NetworkPortHandle? TryLookupByUuid(NetworkHandle network, Guid uuid) => Vir.TryNetworkPortLookupByUUIDString(network, uuid.ToString("D"));

    /// <summary>The port's XML (virsh net-port-dumpxml).</summary>
    public static string GetXml(NetworkPortHandle h) => Vir.NetworkPortGetXMLDesc(h);

    /// <summary>Creates a port from XML (virsh net-port-create --validate); libvirt plugs it in at once.</summary>
    public static NetworkPortHandle Create(NetworkHandle network, string xml) =>
        Definitions.Parse(() => Vir.NetworkPortCreateXML(network, xml, VirNetworkPortCreateFlags.VIR_NETWORK_PORT_CREATE_VALIDATE));

    /// <summary>Deletes the port (virsh net-port-delete): it is unplugged and its resources given back to the network.</summary>
    public static void Delete(NetworkPortHandle h) => Vir.NetworkPortDelete(h);

    /// <summary>The ports of the network, as models.</summary>
    public static List<NetworkPort> List(NetworkHandle network, Hypervisor? hypervisor)
    {
        string name = NetworkApi.GetName(network);
        Guid uuid = NetworkApi.GetUuid(network);
        var handles = ListAll(network);
        try { return handles.Select(p => Parse(GetXml(p), name, uuid, hypervisor)).OrderBy(p => p.OwnerName, StringComparer.Ordinal).ThenBy(p => p.Uuid).ToList(); }
        finally { foreach (var h in handles) h.Dispose(); }
    }

    /// <summary>The port as a model, with its network's name and UUID (read from the port's own network reference).</summary>
    public static NetworkPort Snapshot(NetworkPortHandle h, Hypervisor? hypervisor)
    {
        using var network = LibvirtHandle.Cursor<NetworkHandle>(); // Borrowed: the port holds the network.
        network.MoveTo(Vir.NetworkPortGetNetwork(h));
        return Parse(GetXml(h), NetworkApi.GetName(network), NetworkApi.GetUuid(network), hypervisor);
    }

    /// <summary>
    /// Builds a port's XML: &lt;networkport&gt; with its UUID, the owner's name and UUID, the MAC address and the port group.
    /// The values are escaped by the XML writer, never pasted into markup.
    /// </summary>
    public static string BuildXml(Guid uuid, string ownerName, Guid ownerUuid, string macAddress, string? portGroup)
    {
        var root = new XElement("networkport",
            new XElement("uuid", uuid.ToString("D")),
            new XElement("owner", new XElement("name", ownerName), new XElement("uuid", ownerUuid.ToString("D"))),
            new XElement("mac", new XAttribute("address", macAddress)));
        if (portGroup is not null) root.Add(new XElement("group", portGroup));
        return root.ToString();
    }

    /// <summary>Reads a port's XML (&lt;networkport&gt;: uuid, owner, mac, group, plug) into the model.</summary>
    public static NetworkPort Parse(string xml, string network, Guid networkUuid, Hypervisor? hypervisor)
    {
        var root = LibvirtXml.Parse(xml).Root ?? throw new FormatException("The network port XML has no root element.");
        if (root.Name.LocalName != "networkport")
            throw new FormatException($"This is not a network port: its root element is <{root.Name.LocalName}>, not <networkport>.");
        var owner = root.Element("owner");
        var plug = root.Element("plug");
        return new NetworkPort
        {
            Uuid = Guid.TryParse((string?)root.Element("uuid"), out var u) ? u : Guid.Empty,
            Network = network,
            NetworkUuid = networkUuid,
            OwnerName = Nullify((string?)owner?.Element("name")),
            OwnerUuid = Guid.TryParse((string?)owner?.Element("uuid"), out var o) ? o : null,
            MacAddress = Nullify((string?)root.Element("mac")?.Attribute("address")),
            PortGroup = Nullify((string?)root.Element("group")),
            PlugType = Nullify((string?)plug?.Attribute("type")),
            PlugDevice = Nullify((string?)plug?.Attribute("bridge") ?? (string?)plug?.Attribute("dev")),
            Hypervisor = hypervisor,
        };
    }

    private static string? Nullify(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
