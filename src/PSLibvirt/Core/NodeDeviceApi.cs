using System.Xml.Linq;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Host devices (virNodeDevice*): list, look up, XML, and the model read from the XML.</summary>
public static class NodeDeviceApi
{
    /// <summary>virConnectListAllNodeDevices: every device's handle (the caller disposes them).</summary>
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

    public static NodeDevice Snapshot(NodeDeviceHandle h, Hypervisor? hypervisor) => Parse(GetXml(h), hypervisor);

    /// <summary>libvirt's capability types (virNodeDevCapType's names, libvirt 9), as virsh nodedev-list --cap takes them.</summary>
    public static readonly string[] CapabilityNames =
    {
        "system", "pci", "usb_device", "usb", "net", "scsi_host", "scsi_target", "scsi", "storage", "fc_host", "vports",
        "scsi_generic", "drm", "mdev_types", "mdev", "ccw", "css", "vdpa", "ap_card", "ap_queue", "ap_matrix", "vpd",
    };

    /// <summary>Reads a node device's XML (&lt;device&gt;) into the model: name, parent, capabilities and the typed facts of pci, usb and net devices.</summary>
    public static NodeDevice Parse(string xml, Hypervisor? hypervisor)
    {
        var root = LibvirtXml.Parse(xml).Root ?? throw new FormatException("The node device XML has no root element.");
        var caps = root.Elements("capability").ToList();
        var first = caps.FirstOrDefault();
        string? type = (string?)first?.Attribute("type");
        string? pciAddress = null;
        int? iommu = null;
        if (type == "pci" && first is not null)
        {
            static int Num(XElement e, string n) => int.TryParse((string?)e.Element(n), out int v) ? v : 0;
            pciAddress = $"{Num(first, "domain"):x4}:{Num(first, "bus"):x2}:{Num(first, "slot"):x2}.{Num(first, "function"):x}";
            if (int.TryParse((string?)first.Element("iommuGroup")?.Attribute("number"), out int g)) iommu = g;
        }
        static string? NameOrId(XElement? e) =>
            e is null ? null : string.IsNullOrWhiteSpace(e.Value) ? (string?)e.Attribute("id") : e.Value.Trim();
        return new NodeDevice
        {
            Name = ((string?)root.Element("name"))?.Trim() ?? "",
            Parent = ((string?)root.Element("parent"))?.Trim(),
            // The device's own capabilities, then the nested ones virsh's --cap filter also matches (fc_host and vports
            // of a SCSI host, mdev_types of a PCI device); sub-capabilities that are no device type (80203, virt_functions) are left out.
            Capabilities = caps.Select(c => (string?)c.Attribute("type") ?? "")
                .Concat(caps.SelectMany(c => c.Descendants("capability")).Select(c => (string?)c.Attribute("type") ?? "").Where(t => Array.IndexOf(CapabilityNames, t) >= 0))
                .Where(t => t.Length > 0).Distinct().ToArray(),
            Driver = ((string?)root.Element("driver")?.Element("name"))?.Trim(),
            Path = ((string?)root.Element("path"))?.Trim(),
            PciAddress = pciAddress,
            Vendor = NameOrId(first?.Element("vendor")),
            Product = NameOrId(first?.Element("product")),
            IommuGroup = iommu,
            Interface = type == "net" ? ((string?)first?.Element("interface"))?.Trim() : null,
            MacAddress = type == "net" ? ((string?)first?.Element("address"))?.Trim() : null,
            Hypervisor = hypervisor,
        };
    }
}
