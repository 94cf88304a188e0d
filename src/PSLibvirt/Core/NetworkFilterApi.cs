using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Network filters (virNWFilter*, virsh nwfilter-*): list, look up by name or UUID, XML, define, undefine, and the model read from the XML.</summary>
internal static class NetworkFilterApi
{
    /// <summary>virConnectListAllNWFilters: every filter's handle (the caller disposes them).</summary>
    public static unsafe List<NWFilterHandle> ListAll(LibvirtConnection connection)
    {
        nint* array = null;
        int n = Vir.ConnectListAllNWFilters(connection.Handle, (nint*)&array);
        return LibvirtHandle.TakeArray<NWFilterHandle>(array, n);
    }

    public static string GetName(NWFilterHandle h) => Vir.NWFilterGetName(h);

    /// <summary>The filter named <paramref name="name"/>, or null when there is none.</summary>
    public static NWFilterHandle? TryLookupByName(LibvirtConnection c, string name) => Vir.TryNWFilterLookupByName(c.Handle, name);

    /// <summary>The filter with this UUID, or null when there is none.</summary>
    public static NWFilterHandle? TryLookupByUuid(LibvirtConnection c, Guid uuid) => Vir.TryNWFilterLookupByUUIDString(c.Handle, uuid.ToString("D"));

    public static unsafe Guid GetUuid(NWFilterHandle h)
    {
        byte* raw = stackalloc byte[16];
        Vir.NWFilterGetUUID(h, raw);
        return new Guid(new ReadOnlySpan<byte>(raw, 16), bigEndian: true);
    }

    /// <summary>The filter's XML (virsh nwfilter-dumpxml).</summary>
    public static string GetXml(NWFilterHandle h) => Vir.NWFilterGetXMLDesc(h);

    /// <summary>
    /// Defines (or redefines, same name and UUID) a filter (virsh nwfilter-define --validate): libvirt validates the XML
    /// against its schema first. libvirt refuses a redefinition without a &lt;uuid&gt; ("already exists with uuid"), unlike
    /// other kinds, so XML that gives none for a filter that exists gets that filter's UUID (<see cref="WithExistingUuid"/>).
    /// </summary>
    public static NWFilterHandle Define(LibvirtConnection c, string xml) =>
        Definitions.Parse(() => Vir.NWFilterDefineXMLFlags(c.Handle, WithExistingUuid(xml, name =>
        {
            using var existing = TryLookupByName(c, name);
            return existing is null ? null : GetUuid(existing);
        }), VirNWFilterDefineFlags.VIR_NWFILTER_DEFINE_VALIDATE));

    /// <summary>
    /// <paramref name="xml"/> with a &lt;uuid&gt; added as the root's first child when it names a filter (the root's name
    /// attribute) that gives no UUID and <paramref name="existingUuid"/> knows the filter; otherwise unchanged.
    /// </summary>
    public static string WithExistingUuid(string xml, Func<string, Guid?> existingUuid)
    {
        System.Xml.XmlDocument doc;
        try { doc = LibvirtXml.Load(xml); }
        catch (System.Xml.XmlException) { return xml; } // libvirt reports it
        var root = doc.DocumentElement;
        if (root is null || root.Name != "filter" || root["uuid"] is not null) return xml;
        string name = root.GetAttribute("name");
        if (string.IsNullOrWhiteSpace(name) || existingUuid(name) is not Guid uuid) return xml;
        var element = doc.CreateElement("uuid");
        element.InnerText = uuid.ToString("D");
        root.PrependChild(element);
        return doc.OuterXml;
    }

    /// <summary>Removes the filter (virsh nwfilter-undefine); libvirt refuses a filter that is in use.</summary>
    public static void Undefine(NWFilterHandle h) => Vir.NWFilterUndefine(h);

    public static NetworkFilter Snapshot(NWFilterHandle h, Hypervisor? hypervisor) => Parse(GetXml(h), hypervisor);

    /// <summary>
    /// Reads a filter's XML (&lt;filter name chain priority&gt;) into the model: its UUID, chain, priority, the number of
    /// its &lt;rule&gt; elements and the names of the filters its &lt;filterref&gt; elements reference, in document order.
    /// </summary>
    public static NetworkFilter Parse(string xml, Hypervisor? hypervisor)
    {
        var root = LibvirtXml.Parse(xml).Root ?? throw new FormatException("The network filter XML has no root element.");
        if (root.Name.LocalName != "filter")
            throw new FormatException($"This is not a network filter definition: its root element is <{root.Name.LocalName}>, not <filter>.");
        return new NetworkFilter
        {
            Name = Nullify((string?)root.Attribute("name")) ?? "",
            Uuid = Guid.TryParse((string?)root.Element("uuid"), out var uuid) ? uuid : Guid.Empty,
            Chain = Nullify((string?)root.Attribute("chain")),
            Priority = int.TryParse((string?)root.Attribute("priority"), out int priority) ? priority : null,
            RuleCount = root.Elements("rule").Count(),
            References = root.Elements("filterref").Select(f => Nullify((string?)f.Attribute("filter"))).OfType<string>().ToArray(),
            Hypervisor = hypervisor,
        };
    }

    private static string? Nullify(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
