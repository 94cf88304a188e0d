using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace PSLibvirt.Core;

/// <summary>The graphical console of a new domain.</summary>
internal enum DomainGraphics
{
    None,
    Vnc,
    Spice,
}

/// <summary>What a user asks for when creating a domain from parameters (virt-install's options, in short).</summary>
internal sealed class DomainSpec
{
    public string Name { get; set; } = "";
    public long MemoryMiB { get; set; } = 1024;
    public int VCpus { get; set; } = 1;
    /// <summary>Disk image files or block devices, attached as virtio disks in this order.</summary>
    public IList<string> DiskPaths { get; set; } = new List<string>();
    /// <summary>libvirt virtual networks to attach (one interface each).</summary>
    public IList<string> Networks { get; set; } = new List<string>();
    /// <summary>Host bridges to attach (one interface each).</summary>
    public IList<string> Bridges { get; set; } = new List<string>();
    public string? CdromPath { get; set; }
    /// <summary>Null: hvm when offered, else the first OS type of the capabilities.</summary>
    public string? OSType { get; set; }
    /// <summary>Null: the host's architecture when offered, else the first architecture offered for the OS type.</summary>
    public string? Arch { get; set; }
    /// <summary>Null: the hypervisor's default machine type.</summary>
    public string? Machine { get; set; }
    public DomainGraphics Graphics { get; set; } = DomainGraphics.None;
    /// <summary>Boot devices in order (hd, cdrom, network, fd); empty: cdrom then hd with a CD-ROM, else hd.</summary>
    public IList<string> BootOrder { get; set; } = new List<string>();
}

/// <summary>The guest kind chosen from the capabilities for a <see cref="DomainSpec"/>.</summary>
internal sealed record DomainGuestChoice(string DomainType, string OSType, string Arch, string? Machine);

/// <summary>
/// Writes domain XML from a <see cref="DomainSpec"/> for the hypervisor described by its capabilities, and checks
/// user XML against them. Pure: no libvirt calls, no PowerShell.
/// </summary>
internal static class DomainXmlBuilder
{
    private static readonly string[] PreferredDomainTypes = { "kvm", "qemu" };

    /// <summary>Picks domain type, OS type, architecture and machine from the capabilities; throws ArgumentException with what is offered.</summary>
    public static DomainGuestChoice Choose(DomainSpec spec, HypervisorCapability capabilities)
    {
        var guests = capabilities.Guests;
        if (guests.Count == 0)
            throw new ArgumentException("The hypervisor's capabilities offer no guest types, so no domain can be defined on it.");

        string osType = spec.OSType ?? (guests.Any(g => Eq(g.OSType, "hvm")) ? "hvm" : guests[0].OSType);
        var forOs = guests.Where(g => Eq(g.OSType, osType)).ToList();
        if (forOs.Count == 0)
            throw new ArgumentException($"The hypervisor offers no '{osType}' guests. OS types offered: {List(guests.Select(g => g.OSType))}.", nameof(spec.OSType));

        GuestCapability guest;
        if (spec.Arch is { } arch)
        {
            guest = forOs.FirstOrDefault(g => Eq(g.Architecture, arch))
                ?? throw new ArgumentException($"The hypervisor offers no '{osType}' guests for architecture '{arch}'. Architectures offered: {List(forOs.Select(g => g.Architecture))}.", nameof(spec.Arch));
        }
        else
        {
            guest = forOs.FirstOrDefault(g => Eq(g.Architecture, capabilities.HostArchitecture)) ?? forOs[0];
        }

        if (guest.DomainTypes.Count == 0)
            throw new ArgumentException($"The hypervisor offers no domain type for '{osType}' guests on '{guest.Architecture}'.");
        string domainType = PreferredDomainTypes.FirstOrDefault(p => guest.DomainTypes.Any(d => Eq(d, p))) ?? guest.DomainTypes[0];

        string? machine = spec.Machine;
        if (machine is not null && guest.Machines.Count > 0 && !guest.Machines.Any(m => Eq(m, machine)))
            throw new ArgumentException($"The hypervisor offers no machine type '{machine}' for '{guest.Architecture}'. Machine types offered: {List(guest.Machines)}.", nameof(spec.Machine));

        return new DomainGuestChoice(domainType, guest.OSType, guest.Architecture, machine);
    }

    /// <summary>The domain XML for <paramref name="spec"/> on the hypervisor described by <paramref name="capabilities"/>.</summary>
    public static string Build(DomainSpec spec, HypervisorCapability capabilities)
    {
        Validate(spec);
        var choice = Choose(spec, capabilities);
        bool qemu = choice.DomainType is "kvm" or "qemu";
        bool x86 = choice.Arch is "x86_64" or "i686";
        bool xen = Eq(choice.OSType, "xen");

        var type = new XElement("type", new XAttribute("arch", choice.Arch), choice.OSType);
        if (choice.Machine is not null) type.Add(new XAttribute("machine", choice.Machine));
        var os = new XElement("os", type);
        foreach (var dev in BootDevices(spec)) os.Add(new XElement("boot", new XAttribute("dev", dev)));

        var domain = new XElement("domain", new XAttribute("type", choice.DomainType),
            new XElement("name", spec.Name),
            new XElement("memory", new XAttribute("unit", "MiB"), spec.MemoryMiB.ToString(CultureInfo.InvariantCulture)),
            new XElement("currentMemory", new XAttribute("unit", "MiB"), spec.MemoryMiB.ToString(CultureInfo.InvariantCulture)),
            new XElement("vcpu", spec.VCpus.ToString(CultureInfo.InvariantCulture)),
            os);
        if (Eq(choice.OSType, "hvm") && x86)
            domain.Add(new XElement("features", new XElement("acpi"), new XElement("apic")));
        domain.Add(new XElement("clock", new XAttribute("offset", "utc")),
            new XElement("on_poweroff", "destroy"),
            new XElement("on_reboot", "restart"),
            new XElement("on_crash", "destroy"));

        var devices = new XElement("devices");
        string diskBus = xen ? "xen" : "virtio";
        string diskPrefix = xen ? "xvd" : "vd";
        for (int i = 0; i < spec.DiskPaths.Count; i++)
            devices.Add(Disk(spec.DiskPaths[i], "disk", diskPrefix + DriveLetters(i), diskBus, qemu ? FormatOf(spec.DiskPaths[i]) : null));
        if (spec.CdromPath is { } cdrom)
        {
            // i440fx (x86's default machine) has IDE; q35 has SATA; other architectures get SCSI.
            bool q35 = choice.Machine?.Contains("q35", StringComparison.OrdinalIgnoreCase) == true;
            var (bus, target) = !x86 ? ("scsi", "sda") : q35 ? ("sata", "sda") : ("ide", "hdc");
            devices.Add(Disk(cdrom, "cdrom", target, bus, qemu ? "raw" : null));
        }
        foreach (var net in spec.Networks)
            devices.Add(Interface("network", new XAttribute("network", net), qemu));
        foreach (var bridge in spec.Bridges)
            devices.Add(Interface("bridge", new XAttribute("bridge", bridge), qemu));
        if (qemu)
        {
            devices.Add(new XElement("serial", new XAttribute("type", "pty")));
            devices.Add(new XElement("console", new XAttribute("type", "pty")));
        }
        switch (spec.Graphics)
        {
            case DomainGraphics.Vnc:
                devices.Add(new XElement("graphics", new XAttribute("type", "vnc"), new XAttribute("port", "-1"), new XAttribute("autoport", "yes"), new XAttribute("listen", "127.0.0.1")));
                break;
            case DomainGraphics.Spice:
                devices.Add(new XElement("graphics", new XAttribute("type", "spice"), new XAttribute("port", "-1"), new XAttribute("autoport", "yes"), new XAttribute("listen", "127.0.0.1")));
                break;
        }
        domain.Add(devices);
        return domain.ToString();
    }

    /// <summary>Rejects a spec that cannot give a valid domain, with the offending parameter named.</summary>
    public static void Validate(DomainSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Name)) throw new ArgumentException("A domain needs a name.", nameof(spec.Name));
        if (spec.Name.Contains('/')) throw new ArgumentException($"The domain name '{spec.Name}' contains '/', which libvirt does not allow.", nameof(spec.Name));
        if (spec.MemoryMiB <= 0) throw new ArgumentException($"The memory size must be positive, not {spec.MemoryMiB} MiB.", nameof(spec.MemoryMiB));
        if (spec.VCpus <= 0) throw new ArgumentException($"The number of virtual CPUs must be positive, not {spec.VCpus}.", nameof(spec.VCpus));
        foreach (var p in spec.DiskPaths.Append(spec.CdromPath ?? "/"))
            if (string.IsNullOrWhiteSpace(p) || !p.StartsWith('/'))
                throw new ArgumentException($"The disk path '{p}' is not an absolute path on the host of the hypervisor.", nameof(spec.DiskPaths));
        _ = BootDevices(spec);
    }

    /// <summary>The boot devices as libvirt names them (hd, cdrom, network, fd).</summary>
    public static IReadOnlyList<string> BootDevices(DomainSpec spec)
    {
        if (spec.BootOrder.Count == 0)
            return spec.CdromPath is null ? new[] { "hd" } : new[] { "cdrom", "hd" };
        var result = new List<string>();
        foreach (var b in spec.BootOrder)
        {
            string dev = b.ToLowerInvariant() switch
            {
                "hd" or "disk" or "harddisk" => "hd",
                "cdrom" or "cd" or "dvd" => "cdrom",
                "network" or "net" or "pxe" => "network",
                "fd" or "floppy" => "fd",
                _ => throw new ArgumentException($"'{b}' is not a boot device: use hd, cdrom, network or fd.", nameof(spec.BootOrder)),
            };
            if (!result.Contains(dev)) result.Add(dev);
        }
        return result;
    }

    /// <summary>Name and UUID (null when absent) of domain XML; XmlException when not well-formed.</summary>
    public static (string? Name, Guid? Uuid) ReadIdentity(string xml)
    {
        var root = LibvirtXml.Load(xml).DocumentElement!;
        string? name = root.SelectSingleNode("name")?.InnerText.Trim();
        string? uuid = root.SelectSingleNode("uuid")?.InnerText.Trim();
        return (string.IsNullOrEmpty(name) ? null : name, Guid.TryParse(uuid, out var g) ? g : null);
    }

    /// <summary>Inserts a &lt;uuid&gt; element after &lt;name&gt; when the XML has none (so a redefine updates, not creates).</summary>
    public static string WithUuid(string xml, Guid uuid)
    {
        var doc = LibvirtXml.Load(xml);
        var root = doc.DocumentElement!;
        if (root.SelectSingleNode("uuid") is not null) return xml;
        var el = doc.CreateElement("uuid");
        el.InnerText = uuid.ToString("D");
        var name = root.SelectSingleNode("name");
        if (name is not null) root.InsertAfter(el, name); else root.PrependChild(el);
        return doc.OuterXml;
    }

    /// <summary>
    /// The source paths of a domain's disks (device='disk', not read-only, not shareable) in its XML, in order:
    /// the files and block devices that Remove-Domain -RemoveStorage may delete.
    /// </summary>
    public static IReadOnlyList<string> DiskSourcePaths(string xml)
    {
        var root = LibvirtXml.Load(xml).DocumentElement!;
        var result = new List<string>();
        foreach (XmlElement disk in root.SelectNodes("devices/disk[@device='disk' or not(@device)]")!.OfType<XmlElement>())
        {
            if (disk.SelectSingleNode("readonly") is not null || disk.SelectSingleNode("shareable") is not null) continue;
            if (disk.SelectSingleNode("source") is not XmlElement source) continue;
            string path = source.GetAttribute("file");
            if (path.Length == 0) path = source.GetAttribute("dev");
            if (path.Length > 0 && !result.Contains(path)) result.Add(path);
        }
        return result;
    }

    private static XElement Disk(string path, string device, string target, string bus, string? format)
    {
        bool block = path.StartsWith("/dev/", StringComparison.Ordinal);
        var disk = new XElement("disk", new XAttribute("type", block ? "block" : "file"), new XAttribute("device", device));
        if (format is not null) disk.Add(new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", block ? "raw" : format)));
        disk.Add(new XElement("source", new XAttribute(block ? "dev" : "file", path)),
                 new XElement("target", new XAttribute("dev", target), new XAttribute("bus", bus)));
        if (device == "cdrom") disk.Add(new XElement("readonly"));
        return disk;
    }

    private static XElement Interface(string type, XAttribute source, bool qemu)
    {
        var e = new XElement("interface", new XAttribute("type", type), new XElement("source", source));
        if (qemu) e.Add(new XElement("model", new XAttribute("type", "virtio")));
        return e;
    }

    /// <summary>A disk image's format from its extension (qcow2, vmdk, vdi, vhd...), raw otherwise.</summary>
    public static string FormatOf(string path)
    {
        string ext = System.IO.Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        return ext switch
        {
            "qcow2" or "qcow" or "vmdk" or "vdi" or "qed" => ext,
            "vhd" => "vpc",
            "vhdx" => "vhdx",
            _ => "raw",
        };
    }

    /// <summary>0 -> a, 25 -> z, 26 -> aa (the Linux disk naming).</summary>
    public static string DriveLetters(int index)
    {
        string s = "";
        for (int n = index; n >= 0; n = n / 26 - 1) s = (char)('a' + n % 26) + s;
        return s;
    }

    private static bool Eq(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string List(IEnumerable<string> items)
    {
        var distinct = items.Where(i => !string.IsNullOrEmpty(i)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return distinct.Count == 0 ? "(none)" : string.Join(", ", distinct);
    }
}
