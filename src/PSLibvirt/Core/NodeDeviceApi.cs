using System.Xml.Linq;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// Host devices (virNodeDevice*, virsh nodedev-*): list, look up, XML, state (nodedev-info), define/create, start,
/// destroy, undefine, autostart, detach/reattach/reset for PCI passthrough, and the model read from the XML.
/// </summary>
internal static class NodeDeviceApi
{
    /// <summary>
    /// virConnectListAllNodeDevices: every device's handle (the caller disposes them). No ACTIVE/INACTIVE flag: without
    /// one libvirt lists both, and the test driver refuses those flags; callers filter on <see cref="NodeDevice.Active"/>.
    /// </summary>
    public static unsafe List<NodeDeviceHandle> ListAll(LibvirtConnection connection)
    {
        nint* array = null;
        int n = Vir.ConnectListAllNodeDevices(connection.Handle, (nint*)&array, 0);
        return LibvirtHandle.TakeArray<NodeDeviceHandle>(array, n);
    }

    public static string GetName(NodeDeviceHandle h) => Vir.NodeDeviceGetName(h);

    /// <summary>The device named <paramref name="name"/>, or null when there is none.</summary>
    public static NodeDeviceHandle? TryLookupByName(LibvirtConnection c, string name) => Vir.TryNodeDeviceLookupByName(c.Handle, name);

    public static string GetXml(NodeDeviceHandle h) => Vir.NodeDeviceGetXMLDesc(h, 0);

    /// <summary>
    /// Whether the device exists now. Drivers without the call (the test driver) have only existing devices: true.
    /// </summary>
    public static bool IsActive(NodeDeviceHandle h) => Unsupported(() => Vir.NodeDeviceIsActive(h)) is not 0;

    /// <summary>Whether the device has a definition that outlives it; false where the driver does not say (the test driver).</summary>
    public static bool IsPersistent(NodeDeviceHandle h) => Unsupported(() => Vir.NodeDeviceIsPersistent(h)) is 1;

    /// <summary>Whether the device is started with the node-device driver; null where the driver does not say.</summary>
    public static unsafe bool? GetAutostart(NodeDeviceHandle h)
    {
        int autostart = 0;
        try { Vir.NodeDeviceGetAutostart(h, &autostart); }
        catch (LibvirtException ex) when (ex.Code == VirErrorNumber.VIR_ERR_NO_SUPPORT) { return null; }
        return autostart != 0;
    }

    /// <summary>The call's result, or null when the driver does not implement it (libvirt before 7.3, the test driver).</summary>
    private static int? Unsupported(Func<int> call)
    {
        try { return call(); }
        catch (LibvirtException ex) when (ex.Code == VirErrorNumber.VIR_ERR_NO_SUPPORT) { return null; }
    }

    /// <summary>What virsh nodedev-info says: Active, Persistent (null where the driver does not say), Autostart.</summary>
    public static NodeDeviceState GetState(NodeDeviceHandle h)
    {
        int? active = Unsupported(() => Vir.NodeDeviceIsActive(h));
        int? persistent = active is null ? null : Unsupported(() => Vir.NodeDeviceIsPersistent(h));
        return new NodeDeviceState(active is not 0, persistent is null ? null : persistent == 1, persistent is null ? null : GetAutostart(h));
    }

    /// <summary>
    /// Defines a persistent, inactive device (virsh nodedev-define; mediated devices in libvirt 9). No VALIDATE flag:
    /// libvirt 9.0's nodedev schema rejects documented definitions (a vHBA's scsi_host without &lt;host&gt;).
    /// </summary>
    public static NodeDeviceHandle Define(LibvirtConnection c, string xml) => Definitions.Parse(() => Vir.NodeDeviceDefineXML(c.Handle, xml));

    /// <summary>Creates and starts a transient device (virsh nodedev-create: an NPIV vHBA, a mediated device).</summary>
    public static NodeDeviceHandle Create(LibvirtConnection c, string xml) => Definitions.Parse(() => Vir.NodeDeviceCreateXML(c.Handle, xml));

    /// <summary>Starts a defined, inactive device (virsh nodedev-start).</summary>
    public static void Start(NodeDeviceHandle h) => Vir.NodeDeviceCreate(h);

    /// <summary>Destroys an active device (virsh nodedev-destroy): a transient one is gone, a defined one stays defined.</summary>
    public static void Stop(NodeDeviceHandle h) => Vir.NodeDeviceDestroy(h);

    /// <summary>Removes a persistent device's definition (virsh nodedev-undefine).</summary>
    public static void Undefine(NodeDeviceHandle h) => Vir.NodeDeviceUndefine(h);

    public static void SetAutostart(NodeDeviceHandle h, bool autostart) => Vir.NodeDeviceSetAutostart(h, autostart ? 1 : 0);

    /// <summary>
    /// Detaches a PCI device from its host driver and binds it to the stub driver (virsh nodedev-detach; null driver
    /// = libvirt's default, vfio). The QEMU driver refuses before touching sysfs when the host cannot do VFIO.
    /// </summary>
    public static void Detach(NodeDeviceHandle h, string? driver) => Vir.NodeDeviceDetachFlags(h, driver);

    /// <summary>Gives a detached PCI device back to its host driver (virsh nodedev-reattach).</summary>
    public static void ReAttach(NodeDeviceHandle h) => Vir.NodeDeviceReAttach(h);

    /// <summary>Resets a PCI device (virsh nodedev-reset: function-level, power-management or secondary-bus reset).</summary>
    public static void Reset(NodeDeviceHandle h) => Vir.NodeDeviceReset(h);

    public static NodeDevice Snapshot(NodeDeviceHandle h, Hypervisor? hypervisor) =>
        Parse(GetXml(h), hypervisor, GetState(h));

    /// <summary>libvirt's capability types (virNodeDevCapType's names, libvirt 9), as virsh nodedev-list --cap takes them.</summary>
    public static readonly string[] CapabilityNames =
    {
        "system", "pci", "usb_device", "usb", "net", "scsi_host", "scsi_target", "scsi", "storage", "fc_host", "vports",
        "scsi_generic", "drm", "mdev_types", "mdev", "ccw", "css", "vdpa", "ap_card", "ap_queue", "ap_matrix", "vpd",
    };

    /// <summary>
    /// Reads a node device's XML (&lt;device&gt;) into the model: name, parent, capabilities, the common facts (driver,
    /// PCI address, vendor/product, IOMMU group, interface, MAC) and the typed details of its first capability.
    /// </summary>
    public static NodeDevice Parse(string xml, Hypervisor? hypervisor, NodeDeviceState? state = null)
    {
        var root = LibvirtXml.Parse(xml).Root ?? throw new FormatException("The node device XML has no root element.");
        if (root.Name.LocalName != "device")
            throw new FormatException($"This is not a node device description: its root element is <{root.Name.LocalName}>, not <device>.");
        var caps = root.Elements("capability").ToList();
        var first = caps.FirstOrDefault();
        var details = first is null ? null : NodeDeviceXml.ParseDetails(first);
        var s = state ?? new NodeDeviceState(true, null, null);
        return new NodeDevice
        {
            Name = Text(root.Element("name")) ?? "",
            Parent = Text(root.Element("parent")),
            // The device's own capabilities, then the nested ones virsh's --cap filter also matches (fc_host and vports
            // of a SCSI host, mdev_types of a PCI device); sub-capabilities that are no device type (80203, virt_functions) are left out.
            Capabilities = caps.Select(c => (string?)c.Attribute("type") ?? "")
                .Concat(caps.SelectMany(c => c.Descendants("capability")).Select(c => (string?)c.Attribute("type") ?? "").Where(t => Array.IndexOf(CapabilityNames, t) >= 0))
                .Where(t => t.Length > 0).Distinct().ToArray(),
            Driver = Text(root.Element("driver")?.Element("name")),
            Path = Text(root.Element("path")),
            Active = s.Active,
            Persistent = s.Persistent,
            Autostart = s.Autostart,
            PciAddress = (details as NodeDevicePciDetails)?.Address,
            Vendor = details switch { NodeDevicePciDetails p => p.Vendor ?? p.VendorId, NodeDeviceUsbDetails u => u.Vendor ?? u.VendorId, _ => null },
            Product = details switch { NodeDevicePciDetails p => p.Product ?? p.ProductId, NodeDeviceUsbDetails u => u.Product ?? u.ProductId, _ => null },
            IommuGroup = details switch { NodeDevicePciDetails p => p.IommuGroup, NodeDeviceMdevDetails m => m.IommuGroup, _ => null },
            Interface = (details as NodeDeviceNetDetails)?.Interface,
            MacAddress = (details as NodeDeviceNetDetails)?.MacAddress,
            Details = details,
            Hypervisor = hypervisor,
        };
    }

    internal static string? Text(XElement? e) => e is null || string.IsNullOrWhiteSpace(e.Value) ? null : e.Value.Trim();
}

/// <summary>What virsh nodedev-info says of a device beside its XML.</summary>
internal readonly record struct NodeDeviceState(bool Active, bool? Persistent, bool? Autostart);
