using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;

namespace PSLibvirt.Core;

/// <summary>Whose devices are being read: the domain, its connection, and which definition (live or inactive).</summary>
internal readonly record struct DeviceOwner(string Domain, Guid DomainUuid, Hypervisor? Hypervisor, bool Inactive);

/// <summary>What Add-DomainDisk asks for: the disk element it builds.</summary>
internal sealed class DiskSpec
{
    /// <summary>file, block or volume.</summary>
    public string SourceType { get; set; } = "file";
    /// <summary>The file or block device path (file, block).</summary>
    public string? Path { get; set; }
    /// <summary>The pool and volume (volume).</summary>
    public string? Pool { get; set; }
    public string? Volume { get; set; }
    /// <summary>disk, cdrom, floppy or lun.</summary>
    public string Device { get; set; } = "disk";
    public string Target { get; set; } = "";
    public string Bus { get; set; } = "virtio";
    /// <summary>The image format (driver type); null: none written (libvirt's default, raw).</summary>
    public string? Format { get; set; }
    /// <summary>The driver's cache mode; null: none written.</summary>
    public string? Cache { get; set; }
    public bool ReadOnly { get; set; }
}

/// <summary>What Add-DomainNetworkAdapter asks for: the interface element it builds.</summary>
internal sealed class InterfaceSpec
{
    /// <summary>network, bridge or user.</summary>
    public string Type { get; set; } = "network";
    /// <summary>The network or bridge name (none for user).</summary>
    public string? Source { get; set; }
    public string MacAddress { get; set; } = "";
    /// <summary>The emulated model; null: the hypervisor's default.</summary>
    public string? Model { get; set; }
}

/// <summary>
/// Reads a domain's devices from its XML into model objects, and writes device XML (with LINQ to XML, never by
/// concatenation): disks, interfaces, a CD-ROM's new medium, an interface's link state. Pure: no libvirt calls.
/// </summary>
internal static class DomainDeviceXml
{
    /// <summary>The device elements libvirt 9 knows under &lt;devices&gt; (for completion).</summary>
    public static readonly string[] DeviceElements =
    {
        "disk", "interface", "controller", "graphics", "serial", "parallel", "console", "channel", "input", "hostdev", "video",
        "sound", "audio", "rng", "watchdog", "memballoon", "emulator", "filesystem", "redirdev", "redirfilter", "smartcard",
        "tpm", "panic", "shmem", "memory", "iommu", "vsock", "hub", "lease", "crypto",
    };

    /// <summary>The device elements (the children of &lt;devices&gt;) of a domain's XML, in order.</summary>
    public static IReadOnlyList<XElement> Devices(string domainXml) =>
        LibvirtXml.Root(domainXml).Element("devices")?.Elements().ToList() ?? new List<XElement>();

    /// <summary>
    /// Every device of the domain as a model: with <paramref name="typed"/>, DomainDisk for disks and DomainNetworkAdapter
    /// for interfaces; else each as a plain DomainDevice (one table for Get-DomainDevice).
    /// </summary>
    public static List<DomainDevice> ParseDevices(string domainXml, DeviceOwner owner, bool typed = true) =>
        Devices(domainXml).Select(e => typed ? Parse(e, owner) : Plain(e, owner)).ToList();

    /// <summary>The disks of the domain.</summary>
    public static List<DomainDisk> ParseDisks(string domainXml, DeviceOwner owner) =>
        Devices(domainXml).Where(e => e.Name.LocalName == "disk").Select(e => ParseDisk(e, owner)).ToList();

    /// <summary>The network adapters of the domain.</summary>
    public static List<DomainNetworkAdapter> ParseInterfaces(string domainXml, DeviceOwner owner) =>
        Devices(domainXml).Where(e => e.Name.LocalName == "interface").Select(e => ParseInterface(e, owner)).ToList();

    /// <summary>One device element as its model.</summary>
    public static DomainDevice Parse(XElement e, DeviceOwner owner) => e.Name.LocalName switch
    {
        "disk" => ParseDisk(e, owner),
        "interface" => ParseInterface(e, owner),
        _ => Plain(e, owner),
    };

    private static DomainDevice Plain(XElement e, DeviceOwner owner) => new()
    {
        Domain = owner.Domain, DomainUuid = owner.DomainUuid, Hypervisor = owner.Hypervisor, Inactive = owner.Inactive,
        Type = e.Name.LocalName, Alias = AliasOf(e), Address = AddressText(e.Element("address")), Xml = e.ToString(),
        Summary = SummaryOf(e),
    };

    /// <summary>The element's attributes as "name=value" pairs, or its text (an emulator's path).</summary>
    public static string SummaryOf(XElement e) => e.HasAttributes
        ? string.Join(" ", e.Attributes().Select(a => $"{a.Name.LocalName}={a.Value}"))
        : e.HasElements ? "" : e.Value.Trim();

    public static DomainDisk ParseDisk(XElement e, DeviceOwner owner, BlockFacts? facts = null)
    {
        string sourceType = (string?)e.Attribute("type") ?? "file";
        var source = e.Element("source");
        string? pool = null, volume = null, text = null;
        if (source is not null)
        {
            switch (sourceType)
            {
                case "volume":
                    pool = (string?)source.Attribute("pool");
                    volume = (string?)source.Attribute("volume");
                    text = pool is null && volume is null ? null : $"{pool}/{volume}";
                    break;
                case "network":
                    string? protocol = (string?)source.Attribute("protocol");
                    string? name = (string?)source.Attribute("name");
                    var host = source.Element("host");
                    string? where = host is null ? null : (string?)host.Attribute("name") + ((string?)host.Attribute("port") is { } port ? ":" + port : "");
                    text = $"{protocol}://{where}/{name}".Replace(":///", ":/", StringComparison.Ordinal);
                    break;
                default:
                    text = (string?)source.Attribute("file") ?? (string?)source.Attribute("dev") ?? (string?)source.Attribute("dir")
                        ?? (string?)source.Attribute("path") ?? (string?)source.Attribute("name");
                    break;
            }
        }
        var driver = e.Element("driver");
        var target = e.Element("target");
        return new DomainDisk
        {
            Domain = owner.Domain, DomainUuid = owner.DomainUuid, Hypervisor = owner.Hypervisor, Inactive = owner.Inactive,
            Type = "disk", Alias = AliasOf(e), Address = AddressText(e.Element("address")), Xml = e.ToString(), Summary = SummaryOf(e),
            Target = (string?)target?.Attribute("dev") ?? "",
            Bus = (string?)target?.Attribute("bus"),
            Device = (string?)e.Attribute("device") ?? "disk",
            SourceType = sourceType,
            Source = text,
            StoragePool = pool,
            StorageVolume = volume,
            Format = (string?)driver?.Attribute("type"),
            Cache = (string?)driver?.Attribute("cache"),
            ReadOnly = e.Element("readonly") is not null,
            BootOrder = Int((string?)e.Element("boot")?.Attribute("order")),
            Capacity = facts?.Capacity,
            Allocation = facts?.Allocation,
            Physical = facts?.Physical,
            Error = facts?.Error,
        };
    }

    public static DomainNetworkAdapter ParseInterface(XElement e, DeviceOwner owner)
    {
        var source = e.Element("source");
        string type = (string?)e.Attribute("type") ?? "";
        string? src = source is null ? null : type switch
        {
            "network" => (string?)source.Attribute("network") + ((string?)source.Attribute("portgroup") is { } pg ? "/" + pg : ""),
            "bridge" => (string?)source.Attribute("bridge"),
            "direct" => (string?)source.Attribute("dev") + ((string?)source.Attribute("mode") is { } m ? " (" + m + ")" : ""),
            "hostdev" => AddressText(source.Element("address")),
            _ => (string?)source.Attribute("network") ?? (string?)source.Attribute("bridge") ?? (string?)source.Attribute("dev")
                ?? (string?)source.Attribute("path") ?? (string?)source.Attribute("address"),
        };
        var bandwidth = e.Element("bandwidth");
        var inbound = bandwidth?.Element("inbound");
        var outbound = bandwidth?.Element("outbound");
        return new DomainNetworkAdapter
        {
            Domain = owner.Domain, DomainUuid = owner.DomainUuid, Hypervisor = owner.Hypervisor, Inactive = owner.Inactive,
            Type = "interface", Alias = AliasOf(e), Address = AddressText(e.Element("address")), Xml = e.ToString(), Summary = SummaryOf(e),
            MacAddress = (string?)e.Element("mac")?.Attribute("address") ?? "",
            Model = (string?)e.Element("model")?.Attribute("type"),
            InterfaceType = type,
            Source = src,
            TargetDevice = (string?)e.Element("target")?.Attribute("dev"),
            LinkState = (string?)e.Element("link")?.Attribute("state") ?? "up",
            Filter = (string?)e.Element("filterref")?.Attribute("filter"),
            InboundAverage = ULong((string?)inbound?.Attribute("average")),
            InboundPeak = ULong((string?)inbound?.Attribute("peak")),
            InboundBurst = ULong((string?)inbound?.Attribute("burst")),
            InboundFloor = ULong((string?)inbound?.Attribute("floor")),
            OutboundAverage = ULong((string?)outbound?.Attribute("average")),
            OutboundPeak = ULong((string?)outbound?.Attribute("peak")),
            OutboundBurst = ULong((string?)outbound?.Attribute("burst")),
        };
    }

    /// <summary>The alias of a device element, or null.</summary>
    public static string? AliasOf(XElement e) => (string?)e.Element("alias")?.Attribute("name");

    /// <summary>An &lt;address&gt; as short text: "pci 0000:00:03.0", "drive 0:1:0:0", "usb 0:1", "virtio-serial 0:0:1", or the type alone.</summary>
    public static string? AddressText(XElement? a)
    {
        if (a is null) return null;
        string type = (string?)a.Attribute("type") ?? "";
        string? At(string n) => (string?)a.Attribute(n);
        static string Hex(string? v, int width)
        {
            if (v is null) return new string('0', width);
            string s = v.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? v[2..] : v;
            return long.TryParse(s, v.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? NumberStyles.HexNumber : NumberStyles.Integer,
                CultureInfo.InvariantCulture, out long n) ? n.ToString("x" + width, CultureInfo.InvariantCulture) : s;
        }
        return type switch
        {
            "pci" => $"pci {Hex(At("domain"), 4)}:{Hex(At("bus"), 2)}:{Hex(At("slot"), 2)}.{Hex(At("function"), 1)}",
            "drive" => $"drive {At("controller") ?? "0"}:{At("bus") ?? "0"}:{At("target") ?? "0"}:{At("unit") ?? "0"}",
            "usb" => $"usb {At("bus") ?? "0"}:{At("port") ?? "?"}",
            "virtio-serial" => $"virtio-serial {At("controller") ?? "0"}:{At("bus") ?? "0"}:{At("port") ?? "?"}",
            "ccw" => $"ccw {At("cssid")}.{At("ssid")}.{At("devno")}",
            _ => string.Join(" ", new[] { type }.Concat(a.Attributes().Where(x => x.Name != "type").Select(x => $"{x.Name.LocalName}={x.Value}"))),
        };
    }

    // ---------------------------------------------------------------- writing

    /// <summary>The &lt;disk&gt; element for <paramref name="spec"/>.</summary>
    public static string DiskXml(DiskSpec spec)
    {
        if (string.IsNullOrEmpty(spec.Target)) throw new ArgumentException("A disk needs a target (vda, sdb, hdc, ...).", nameof(spec.Target));
        var disk = new XElement("disk", new XAttribute("type", spec.SourceType), new XAttribute("device", spec.Device));
        if (spec.Format is not null || spec.Cache is not null)
        {
            var driver = new XElement("driver", new XAttribute("name", "qemu"));
            if (spec.Format is not null) driver.Add(new XAttribute("type", spec.Format));
            if (spec.Cache is not null) driver.Add(new XAttribute("cache", spec.Cache));
            disk.Add(driver);
        }
        switch (spec.SourceType)
        {
            case "file" when spec.Path is not null: disk.Add(new XElement("source", new XAttribute("file", spec.Path))); break;
            case "block" when spec.Path is not null: disk.Add(new XElement("source", new XAttribute("dev", spec.Path))); break;
            case "volume": disk.Add(new XElement("source", new XAttribute("pool", spec.Pool ?? ""), new XAttribute("volume", spec.Volume ?? ""))); break;
        }
        disk.Add(new XElement("target", new XAttribute("dev", spec.Target), new XAttribute("bus", spec.Bus)));
        if (spec.ReadOnly) disk.Add(new XElement("readonly"));
        return disk.ToString();
    }

    /// <summary>The &lt;interface&gt; element for <paramref name="spec"/>.</summary>
    public static string InterfaceXml(InterfaceSpec spec)
    {
        var e = new XElement("interface", new XAttribute("type", spec.Type), new XElement("mac", new XAttribute("address", spec.MacAddress)));
        switch (spec.Type)
        {
            case "network": e.Add(new XElement("source", new XAttribute("network", spec.Source ?? ""))); break;
            case "bridge": e.Add(new XElement("source", new XAttribute("bridge", spec.Source ?? ""))); break;
        }
        if (spec.Model is not null) e.Add(new XElement("model", new XAttribute("type", spec.Model)));
        return e.ToString();
    }

    /// <summary>
    /// The &lt;memory model='dimm'&gt; element of a memory module of <paramref name="sizeBytes"/> (in KiB, rounded up) on
    /// guest NUMA node <paramref name="node"/>: libvirt needs the node whenever the guest has NUMA cells, which hot-plug needs.
    /// </summary>
    public static string MemoryXml(ulong sizeBytes, int node) =>
        new XElement("memory", new XAttribute("model", "dimm"),
            new XElement("target",
                new XElement("size", new XAttribute("unit", "KiB"), (sizeBytes + 1023) / 1024),
                new XElement("node", node))).ToString(SaveOptions.DisableFormatting);

    /// <summary>
    /// A CD-ROM's (or floppy's) disk element with a new medium, as virsh change-media builds it: the old &lt;source&gt;
    /// is dropped and, unless ejecting (<paramref name="path"/> null), a new one is added (a /dev/ path as a block source).
    /// </summary>
    public static string ChangeMedia(string diskXml, string? path)
    {
        var disk = LibvirtXml.Root(diskXml);
        disk.Elements("source").Remove();
        disk.Elements("backingStore").Remove();
        if (path is not null)
        {
            bool block = path.StartsWith("/dev/", StringComparison.Ordinal);
            disk.SetAttributeValue("type", block ? "block" : "file");
            var source = new XElement("source", new XAttribute(block ? "dev" : "file", path));
            // The source goes before the target, where libvirt writes it.
            if (disk.Element("target") is { } target) target.AddBeforeSelf(source); else disk.Add(source);
        }
        return disk.ToString();
    }

    /// <summary>
    /// The device XML without the alias libvirt gave it in the running domain (user aliases, ua-..., stay) and without its
    /// guest address: a change that also affects the persistent definition must match the device there, where that alias
    /// does not exist and the address may differ or be missing (libvirt then matches a disk by target, an interface by MAC).
    /// </summary>
    public static string WithoutLiveIdentity(string deviceXml)
    {
        var e = LibvirtXml.Root(deviceXml);
        e.Elements("alias").Where(a => !((string?)a.Attribute("name") ?? "").StartsWith("ua-", StringComparison.Ordinal)).Remove();
        e.Elements("address").Remove();
        return e.ToString();
    }

    /// <summary>An interface element with its link state set (virsh domif-setlink): up or down.</summary>
    public static string WithLinkState(string interfaceXml, string state)
    {
        var e = LibvirtXml.Root(interfaceXml);
        e.Elements("link").Remove();
        e.Add(new XElement("link", new XAttribute("state", state)));
        return e.ToString();
    }

    /// <summary>The target prefix of a bus: vd for virtio, sd for sata/scsi/usb, hd for ide, fd for fdc, xvd for xen.</summary>
    public static string TargetPrefix(string bus) => bus.ToLowerInvariant() switch
    {
        "virtio" => "vd",
        "sata" or "scsi" or "usb" => "sd",
        "ide" => "hd",
        "fdc" => "fd",
        "xen" => "xvd",
        _ => throw new ArgumentException($"'{bus}' is not a disk bus this module names targets for: use virtio, sata, scsi, ide, usb, fdc or xen, or give -Target.", nameof(bus)),
    };

    /// <summary>The first target of the bus's prefix not in <paramref name="used"/>: vda, vdb, ..., vdz, vdaa, ...</summary>
    public static string NextTarget(string bus, IEnumerable<string> used)
    {
        string prefix = TargetPrefix(bus);
        var taken = new HashSet<string>(used, StringComparer.Ordinal);
        int limit = prefix == "hd" ? 4 : prefix == "fd" ? 2 : 18278;
        for (int i = 0; i < limit; i++)
        {
            string t = prefix + Letters(i);
            if (!taken.Contains(t)) return t;
        }
        throw new InvalidOperationException($"Every {prefix}X target of bus '{TargetBusName(bus)}' is in use.");
    }

    private static string TargetBusName(string bus) => bus.ToLowerInvariant();

    /// <summary>a, b, ..., z, aa, ab, ... (the drive letters libvirt uses in target names).</summary>
    public static string Letters(int index)
    {
        string s = "";
        index++;
        while (index > 0)
        {
            index--;
            s = (char)('a' + index % 26) + s;
            index /= 26;
        }
        return s;
    }

    /// <summary>A random MAC address in QEMU's locally administered range 52:54:00:xx:xx:xx.</summary>
    public static string RandomMac()
    {
        Span<byte> b = stackalloc byte[3];
        RandomNumberGenerator.Fill(b);
        return $"52:54:00:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}";
    }

    /// <summary>A MAC address in the form libvirt writes (lower case, colons); ArgumentException when it is not one.</summary>
    public static string NormalizeMac(string mac)
    {
        string[] parts = mac.Trim().Split(':', '-');
        if (parts.Length != 6 || parts.Any(p => p.Length != 2 || !byte.TryParse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _)))
            throw new ArgumentException($"'{mac}' is not a MAC address (six hexadecimal pairs such as 52:54:00:12:34:56).", nameof(mac));
        byte first = byte.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if ((first & 1) != 0) throw new ArgumentException($"'{mac}' is a multicast MAC address, which a network adapter cannot have.", nameof(mac));
        return string.Join(':', parts).ToLowerInvariant();
    }

    /// <summary>
    /// What identifies the device in <paramref name="deviceXml"/> among the domain's devices: its element and a key
    /// (a disk's target, an interface's MAC address, else its alias; null when it has none). XmlException when it does not parse.
    /// </summary>
    public static (string Element, string? Key) Identify(string deviceXml)
    {
        var e = LibvirtXml.Root(deviceXml);
        return (e.Name.LocalName, KeyOf(e));
    }

    private static string? KeyOf(XElement e) => e.Name.LocalName switch
    {
        "disk" => (string?)e.Element("target")?.Attribute("dev"),
        "interface" => ((string?)e.Element("mac")?.Attribute("address"))?.ToLowerInvariant(),
        _ => AliasOf(e),
    };

    /// <summary>
    /// How many devices of the domain's XML match: with a key, those of the element with that key (0 or 1); without,
    /// all devices of the element (a removal then shows as one fewer).
    /// </summary>
    public static int Count(string domainXml, string element, string? key) =>
        Devices(domainXml).Count(e => e.Name.LocalName == element && (key is null || KeyOf(e) == key));

    /// <summary>The disk with target <paramref name="target"/> in the domain's XML, or null.</summary>
    public static XElement? FindDisk(string domainXml, string target) =>
        Devices(domainXml).FirstOrDefault(e => e.Name.LocalName == "disk" && (string?)e.Element("target")?.Attribute("dev") == target);

    /// <summary>The interface with MAC address <paramref name="mac"/> (any case) in the domain's XML, or null.</summary>
    public static XElement? FindInterface(string domainXml, string mac) =>
        Devices(domainXml).FirstOrDefault(e => e.Name.LocalName == "interface" &&
            string.Equals((string?)e.Element("mac")?.Attribute("address"), mac, StringComparison.OrdinalIgnoreCase));

    /// <summary>The targets of the domain's disks.</summary>
    public static IEnumerable<string> DiskTargets(string domainXml) =>
        Devices(domainXml).Where(e => e.Name.LocalName == "disk").Select(e => (string?)e.Element("target")?.Attribute("dev")).OfType<string>();

    /// <summary>The device with alias <paramref name="alias"/> in the domain's XML, or null.</summary>
    public static XElement? FindByAlias(string domainXml, string alias) =>
        Devices(domainXml).FirstOrDefault(e => AliasOf(e) == alias);

    /// <summary>Checks that <paramref name="xml"/> is one well-formed element; XmlException (with the parser's reason) otherwise.</summary>
    public static XElement CheckDeviceXml(string xml)
    {
        var e = LibvirtXml.Root(xml);
        if (e.Name.LocalName is "domain" or "devices")
            throw new XmlException($"The XML is a <{e.Name.LocalName}> element: give one device element (such as <disk> or <interface>).");
        return e;
    }

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;
    private static ulong? ULong(string? s) => ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong v) ? v : null;
}

/// <summary>What a running domain reports of a disk (virDomainGetBlockInfo and virDomainGetDiskErrors).</summary>
internal sealed record BlockFacts(ulong? Capacity, ulong? Allocation, ulong? Physical, string? Error);
