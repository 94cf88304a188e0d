using System.Xml;

namespace PSLibvirt.Core;

/// <summary>Storage pool capabilities (virConnectGetStoragePoolCapabilities, virsh pool-capabilities).</summary>
internal static class StoragePoolCapabilityParser
{
    public static List<StoragePoolCapability> Get(LibvirtConnection connection, Hypervisor? hypervisor = null) =>
        Parse(Vir.ConnectGetStoragePoolCapabilities(connection.Handle), hypervisor);

    /// <summary>One object per &lt;pool&gt; of a storagepoolCapabilities document, in its order.</summary>
    public static List<StoragePoolCapability> Parse(string xml, Hypervisor? hypervisor = null)
    {
        var doc = LibvirtXml.Load(xml);
        return doc.SelectNodes("/storagepoolCapabilities/pool")!.OfType<XmlElement>().Select(p => new StoragePoolCapability
        {
            Type = p.GetAttribute("type"),
            Supported = p.GetAttribute("supported") == "yes",
            DefaultPoolFormat = (p.SelectSingleNode("poolOptions/defaultFormat") as XmlElement)?.GetAttribute("type"),
            PoolFormats = Values(p, "poolOptions/enum[@name='sourceFormatType']/value"),
            DefaultVolumeFormat = (p.SelectSingleNode("volOptions/defaultFormat") as XmlElement)?.GetAttribute("type"),
            VolumeFormats = Values(p, "volOptions/enum[@name='targetFormatType']/value"),
            Hypervisor = hypervisor,
        }).ToList();
    }

    private static List<string> Values(XmlElement e, string xpath) =>
        e.SelectNodes(xpath)!.OfType<XmlElement>().Select(v => v.InnerText).ToList();
}
