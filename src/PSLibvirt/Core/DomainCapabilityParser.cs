using System.Xml;

namespace PSLibvirt.Core;

/// <summary>Domain capabilities (virConnectGetDomainCapabilities, virsh domcapabilities): the call and the parser.</summary>
internal static class DomainCapabilityParser
{
    public static string GetXml(LibvirtConnection connection, HypervisorCpuTarget target) =>
        Vir.ConnectGetDomainCapabilities(connection.Handle, target.Emulator, target.Architecture, target.Machine, target.VirtType);

    public static DomainCapability Get(LibvirtConnection connection, HypervisorCpuTarget target, Hypervisor? hypervisor = null) =>
        Parse(GetXml(connection, target), hypervisor);

    public static DomainCapability Parse(string xml, Hypervisor? hypervisor = null)
    {
        var doc = LibvirtXml.Load(xml);
        var root = doc.DocumentElement ?? throw new XmlException("The domain capabilities XML has no root element.");
        var loader = (XmlElement?)root.SelectSingleNode("os/loader");
        var modes = root.SelectNodes("cpu/mode")!.OfType<XmlElement>().ToList();
        bool ModeSupported(string name) => modes.Any(m => m.GetAttribute("name") == name && Yes(m, "supported"));
        var hostModel = modes.FirstOrDefault(m => m.GetAttribute("name") == "host-model" && Yes(m, "supported"));
        return new DomainCapability
        {
            Xml = xml,
            Path = root["path"]?.InnerText,
            DomainType = root["domain"]?.InnerText,
            Machine = root["machine"]?.InnerText,
            Architecture = root["arch"]?.InnerText,
            MaxVcpus = int.TryParse(root["vcpu"]?.GetAttribute("max"), out int max) ? max : null,
            IOThreads = root["iothreads"] is { } io && Yes(io, "supported"),
            FirmwareKinds = Values(root, "os/enum[@name='firmware']/value"),
            LoaderSupported = loader is not null && Yes(loader, "supported"),
            LoaderPaths = loader is null ? new List<string>() : Values(loader, "value"),
            LoaderTypes = loader is null ? new List<string>() : Values(loader, "enum[@name='type']/value"),
            LoaderReadOnly = loader is null ? new List<string>() : Values(loader, "enum[@name='readonly']/value"),
            LoaderSecure = loader is null ? new List<string>() : Values(loader, "enum[@name='secure']/value"),
            CpuModes = modes.Where(m => Yes(m, "supported")).Select(m => m.GetAttribute("name")).ToList(),
            HostPassthrough = ModeSupported("host-passthrough"),
            HostModel = hostModel is null ? null : CpuApi.ParseCpu(hostModel, hypervisor),
            CustomModels = root.SelectNodes("cpu/mode[@name='custom']/model")!.OfType<XmlElement>().Select(m => new DomainCapabilityCpuModel
            {
                Name = m.InnerText,
                Usable = m.GetAttribute("usable") switch { "yes" => true, "no" => false, _ => null },
                Vendor = m.HasAttribute("vendor") ? m.GetAttribute("vendor") : null,
                Deprecated = Yes(m, "deprecated"),
            }).ToList(),
            MemoryBackingSourceTypes = Values(root, "memoryBacking/enum[@name='sourceType']/value"),
            Devices = Items(root, "devices/*"),
            Features = Items(root, "features/*"),
            Hypervisor = hypervisor,
        };
    }

    private static bool Yes(XmlElement e, string attribute) => e.GetAttribute(attribute) == "yes";

    private static List<string> Values(XmlElement e, string xpath) =>
        e.SelectNodes(xpath)!.OfType<XmlElement>().Select(v => v.InnerText).ToList();

    /// <summary>Devices and features share one shape: supported='yes|no', enums, and (sev, sgx) child values.</summary>
    private static List<DomainCapabilityItem> Items(XmlElement root, string xpath) =>
        root.SelectNodes(xpath)!.OfType<XmlElement>().Select(e =>
        {
            var enums = new Dictionary<string, IReadOnlyList<string>>();
            var values = new Dictionary<string, string>();
            foreach (var child in e.ChildNodes.OfType<XmlElement>())
            {
                if (child.Name == "enum") enums[child.GetAttribute("name")] = Values(child, "value");
                else if (!child.HasChildNodes || child.ChildNodes.OfType<XmlElement>().Any()) continue; // sgx's sections: in the XML
                else values[child.Name] = child.InnerText;
            }
            return new DomainCapabilityItem { Name = e.Name, Supported = Yes(e, "supported"), Enums = enums, Values = values };
        }).ToList();
}
