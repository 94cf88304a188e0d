using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Host network interfaces (virInterface*, virsh iface-*): list, look up, XML, define, start/stop, undefine, and the model read from the XML.</summary>
internal static class InterfaceApi
{
    /// <summary>virConnectListAllInterfaces: every interface's handle, active and inactive (the caller disposes them).</summary>
    public static unsafe List<InterfaceHandle> ListAll(LibvirtConnection connection)
    {
        nint* array = null;
        int n = Vir.ConnectListAllInterfaces(connection.Handle, (nint*)&array);
        return LibvirtHandle.TakeArray<InterfaceHandle>(array, n);
    }

    public static string GetName(InterfaceHandle h) => Vir.InterfaceGetName(h);

    /// <summary>The interface named <paramref name="name"/>, or null when there is none.</summary>
    public static InterfaceHandle? TryLookupByName(LibvirtConnection c, string name) => Vir.TryInterfaceLookupByName(c.Handle, name);

    /// <summary>
    /// The interface's XML: the live one (with the addresses it has now), or with <paramref name="inactive"/> the
    /// definition used at its next start, where the driver tells them apart (the test driver does not: it answers the live one).
    /// </summary>
    public static string GetXml(InterfaceHandle h, bool inactive = false)
    {
        if (inactive)
        {
            try { return Vir.InterfaceGetXMLDesc(h, VirInterfaceXMLFlags.VIR_INTERFACE_XML_INACTIVE); }
            catch (LibvirtException ex) when (ex.Code is VirErrorNumber.VIR_ERR_INVALID_ARG or VirErrorNumber.VIR_ERR_NO_SUPPORT) { }
        }
        return Vir.InterfaceGetXMLDesc(h);
    }

    /// <summary>The definition the drive shows and edits (the inactive one where the driver has it).</summary>
    public static string GetDefinitionXml(InterfaceHandle h) => GetXml(h, inactive: true);

    public static bool IsActive(InterfaceHandle h) => Vir.InterfaceIsActive(h) == 1;

    /// <summary>Defines (or redefines) an interface (virsh iface-define); libvirt validates the XML against its schema first.</summary>
    public static InterfaceHandle Define(LibvirtConnection c, string xml) =>
        Definitions.Parse(() => Vir.InterfaceDefineXML(c.Handle, xml, VirInterfaceDefineFlags.VIR_INTERFACE_DEFINE_VALIDATE));

    /// <summary>Brings a defined interface up (virsh iface-start).</summary>
    public static void Start(InterfaceHandle h) => Vir.InterfaceCreate(h);

    /// <summary>Brings an interface down (virsh iface-destroy): the host loses whatever connectivity went through it.</summary>
    public static void Stop(InterfaceHandle h) => Vir.InterfaceDestroy(h);

    /// <summary>Removes the interface's definition (virsh iface-undefine).</summary>
    public static void Undefine(InterfaceHandle h) => Vir.InterfaceUndefine(h);

    /// <summary>
    /// Saves the host's network configuration so that later changes can be committed or rolled back as one
    /// (virsh iface-begin); libvirt refuses a second one while one is open.
    /// </summary>
    public static void BeginChange(LibvirtConnection c) => Vir.InterfaceChangeBegin(c.Handle);

    /// <summary>Keeps the changes made since <see cref="BeginChange"/> and ends the transaction (virsh iface-commit).</summary>
    public static void CommitChange(LibvirtConnection c) => Vir.InterfaceChangeCommit(c.Handle);

    /// <summary>Puts back the configuration saved by <see cref="BeginChange"/> and ends the transaction (virsh iface-rollback).</summary>
    public static void RollbackChange(LibvirtConnection c) => Vir.InterfaceChangeRollback(c.Handle);

    public static HostInterface Snapshot(InterfaceHandle h, Hypervisor? hypervisor) => Parse(GetXml(h), IsActive(h), hypervisor);

    /// <summary>
    /// Reads an interface's XML (&lt;interface type name&gt;) into the model: its type, MAC address, start mode, MTU,
    /// and the addresses of its &lt;protocol&gt; elements as address/prefix (the live XML has those the interface has now).
    /// </summary>
    public static HostInterface Parse(string xml, bool active, Hypervisor? hypervisor)
    {
        var root = LibvirtXml.Parse(xml).Root ?? throw new FormatException("The interface XML has no root element.");
        if (root.Name.LocalName != "interface")
            throw new FormatException($"This is not an interface definition: its root element is <{root.Name.LocalName}>, not <interface>.");
        var addresses = new List<string>();
        foreach (var protocol in root.Elements("protocol"))
            foreach (var ip in protocol.Elements("ip"))
            {
                string? address = Nullify((string?)ip.Attribute("address"));
                if (address is null) continue;
                string? prefix = Nullify((string?)ip.Attribute("prefix"));
                addresses.Add(prefix is null ? address : address + "/" + prefix);
            }
        return new HostInterface
        {
            Name = Nullify((string?)root.Attribute("name")) ?? "",
            Type = Nullify((string?)root.Attribute("type")) ?? "",
            MacAddress = Nullify((string?)root.Element("mac")?.Attribute("address")),
            Active = active,
            StartMode = Nullify((string?)root.Element("start")?.Attribute("mode")),
            Mtu = int.TryParse((string?)root.Element("mtu")?.Attribute("size"), out int mtu) ? mtu : null,
            Addresses = addresses.ToArray(),
            Hypervisor = hypervisor,
        };
    }

    private static string? Nullify(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
