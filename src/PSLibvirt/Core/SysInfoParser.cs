using System.Xml.Linq;

namespace PSLibvirt.Core;

/// <summary>virConnectGetSysinfo (virsh sysinfo): the host's SMBIOS tables, read into sections of named entries.</summary>
internal static class SysInfoParser
{
    public static string GetXml(LibvirtConnection connection) => Vir.ConnectGetSysinfo(connection.Handle);

    /// <summary>
    /// &lt;sysinfo type='smbios'&gt; into its sections: bios, system, chassis (one each), baseBoard, processor,
    /// memory_device (any number), oemStrings (a list of strings); other sections are kept by name in Other.
    /// </summary>
    public static NodeSysInfo Parse(string xml, Hypervisor? hypervisor)
    {
        var root = LibvirtXml.Root(xml);
        if (root.Name.LocalName != "sysinfo")
            throw new FormatException($"This is not a sysinfo document: its root element is <{root.Name.LocalName}>.");
        static NodeSysInfoSection Section(XElement e) => new(e.Name.LocalName,
            e.Elements("entry").Select(x => ((string?)x.Attribute("name") ?? "", x.Value.Trim())).Where(p => p.Item1.Length > 0)
             .GroupBy(p => p.Item1, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Item2, StringComparer.OrdinalIgnoreCase));
        NodeSysInfoSection? One(string name) => root.Element(name) is { } e ? Section(e) : null;
        NodeSysInfoSection[] Many(string name) => root.Elements(name).Select(Section).ToArray();
        string[] known = { "bios", "system", "chassis", "baseBoard", "processor", "memory_device", "oemStrings" };
        return new NodeSysInfo
        {
            Type = (string?)root.Attribute("type") ?? "",
            Bios = One("bios"), System = One("system"), Chassis = One("chassis"),
            BaseBoard = Many("baseBoard"), Processor = Many("processor"), MemoryDevice = Many("memory_device"),
            OemStrings = root.Element("oemStrings")?.Elements("entry").Select(e => e.Value).ToArray() ?? Array.Empty<string>(),
            Other = root.Elements().Where(e => Array.IndexOf(known, e.Name.LocalName) < 0).Select(Section).ToArray(),
            Xml = xml,
            Hypervisor = hypervisor,
        };
    }
}
