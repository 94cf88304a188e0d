using System.Globalization;
using System.Xml.Linq;

namespace PSLibvirt.Core;

/// <summary>Reads the typed details of a node device's own capability element (&lt;capability type='pci'&gt;, ...).</summary>
internal static class NodeDeviceXml
{
    /// <summary>The details object for <paramref name="cap"/>'s type, or null for types without one.</summary>
    public static object? ParseDetails(XElement cap) => (string?)cap.Attribute("type") switch
    {
        "pci" => Pci(cap),
        "usb_device" => new NodeDeviceUsbDetails
        {
            Bus = Int(cap.Element("bus")) ?? 0, Device = Int(cap.Element("device")) ?? 0,
            VendorId = Id(cap.Element("vendor")), Vendor = NodeDeviceApi.Text(cap.Element("vendor")),
            ProductId = Id(cap.Element("product")), Product = NodeDeviceApi.Text(cap.Element("product")),
        },
        "net" => new NodeDeviceNetDetails
        {
            Interface = NodeDeviceApi.Text(cap.Element("interface")),
            MacAddress = NodeDeviceApi.Text(cap.Element("address")),
            LinkState = (string?)cap.Element("link")?.Attribute("state"),
            LinkSpeedMbps = Int((string?)cap.Element("link")?.Attribute("speed")) is int speed and > 0 ? speed : null,
            Features = cap.Elements("feature").Select(f => (string?)f.Attribute("name")).OfType<string>().ToArray(),
        },
        "scsi_host" => ScsiHost(cap),
        "storage" => new NodeDeviceStorageDetails
        {
            Block = NodeDeviceApi.Text(cap.Element("block")),
            Bus = NodeDeviceApi.Text(cap.Element("bus")),
            DriveType = NodeDeviceApi.Text(cap.Element("drive_type")),
            Model = NodeDeviceApi.Text(cap.Element("model")),
            Vendor = NodeDeviceApi.Text(cap.Element("vendor")),
            Serial = NodeDeviceApi.Text(cap.Element("serial")),
            Removable = Sub(cap, "removable") is not null,
            SizeBytes = ULong(cap.Element("size")) ?? ULong(Sub(cap, "removable")?.Element("media_size")),
            LogicalBlockSize = ULong(cap.Element("logical_block_size")),
        },
        "mdev" => new NodeDeviceMdevDetails
        {
            Type = (string?)cap.Element("type")?.Attribute("id"),
            Uuid = Guid.TryParse(NodeDeviceApi.Text(cap.Element("uuid")), out var u) ? u : null,
            IommuGroup = Int((string?)cap.Element("iommuGroup")?.Attribute("number")),
        },
        _ => null,
    };

    private static NodeDevicePciDetails Pci(XElement cap)
    {
        int domain = Int(cap.Element("domain")) ?? 0, bus = Int(cap.Element("bus")) ?? 0,
            slot = Int(cap.Element("slot")) ?? 0, function = Int(cap.Element("function")) ?? 0;
        var vfs = Sub(cap, "virt_functions");
        return new NodeDevicePciDetails
        {
            Address = PciAddress(domain, bus, slot, function),
            Domain = domain, Bus = bus, Slot = slot, Function = function,
            Class = NodeDeviceApi.Text(cap.Element("class")),
            VendorId = Id(cap.Element("vendor")), Vendor = NodeDeviceApi.Text(cap.Element("vendor")),
            ProductId = Id(cap.Element("product")), Product = NodeDeviceApi.Text(cap.Element("product")),
            IommuGroup = Int((string?)cap.Element("iommuGroup")?.Attribute("number")),
            NumaNode = Int((string?)cap.Element("numa")?.Attribute("node")) is int n and >= 0 ? n : null,
            PhysicalFunction = Sub(cap, "phys_function")?.Element("address") is { } pf ? AddressOf(pf) : null,
            VirtualFunctions = vfs?.Elements("address").Select(AddressOf).ToArray() ?? Array.Empty<string>(),
            MaxVirtualFunctions = Int((string?)vfs?.Attribute("maxCount")),
            MdevTypes = Sub(cap, "mdev_types")?.Elements("type").Select(t => (string?)t.Attribute("id")).OfType<string>().ToArray() ?? Array.Empty<string>(),
        };
    }

    private static NodeDeviceScsiHostDetails ScsiHost(XElement cap)
    {
        var fc = Sub(cap, "fc_host");
        var vports = Sub(cap, "vports") ?? Sub(cap, "vport_ops");
        return new NodeDeviceScsiHostDetails
        {
            Host = Int(cap.Element("host")),
            UniqueId = Int(cap.Element("unique_id")),
            IsFibreChannel = fc is not null,
            Wwnn = NodeDeviceApi.Text(fc?.Element("wwnn")),
            Wwpn = NodeDeviceApi.Text(fc?.Element("wwpn")),
            FabricWwn = NodeDeviceApi.Text(fc?.Element("fabric_wwn")),
            CanCreateVports = vports is not null,
            MaxVports = Int(vports?.Element("max_vports")),
            Vports = Int(vports?.Element("vports")),
        };
    }

    /// <summary>The PCI address as lspci -D writes it: dddd:bb:ss.f in hexadecimal.</summary>
    public static string PciAddress(int domain, int bus, int slot, int function) => $"{domain:x4}:{bus:x2}:{slot:x2}.{function:x}";

    /// <summary>An &lt;address domain='0x0000' bus='0x03' slot='0x10' function='0x1'/&gt; as dddd:bb:ss.f.</summary>
    private static string AddressOf(XElement a) =>
        PciAddress(Int((string?)a.Attribute("domain")) ?? 0, Int((string?)a.Attribute("bus")) ?? 0, Int((string?)a.Attribute("slot")) ?? 0, Int((string?)a.Attribute("function")) ?? 0);

    private static XElement? Sub(XElement cap, string type) => cap.Elements("capability").FirstOrDefault(c => (string?)c.Attribute("type") == type);

    private static string? Id(XElement? e) => (string?)e?.Attribute("id");

    private static int? Int(XElement? e) => Int(NodeDeviceApi.Text(e));

    /// <summary>A decimal or 0x-prefixed hexadecimal number (libvirt writes both), or null.</summary>
    private static int? Int(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        s = s.Trim();
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return int.TryParse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int h) ? h : null;
        return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;
    }

    private static ulong? ULong(XElement? e) => ulong.TryParse(NodeDeviceApi.Text(e), NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong v) ? v : null;
}
