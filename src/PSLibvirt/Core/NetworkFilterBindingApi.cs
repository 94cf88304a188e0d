using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// Network filter bindings (virNWFilterBinding*, virsh nwfilter-binding-*): the filter applied to one port device,
/// keyed by that device's name. List, look up, XML, create, delete, and the model read from the XML.
/// </summary>
internal static class NetworkFilterBindingApi
{
    /// <summary>virConnectListAllNWFilterBindings: every binding's handle (the caller disposes them).</summary>
    public static unsafe List<NWFilterBindingHandle> ListAll(LibvirtConnection connection)
    {
        nint* array = null;
        int n = Vir.ConnectListAllNWFilterBindings(connection.Handle, (nint*)&array);
        return LibvirtHandle.TakeArray<NWFilterBindingHandle>(array, n);
    }

    /// <summary>The binding's key: its port device's name (vnet0).</summary>
    public static string GetPortDev(NWFilterBindingHandle h) => Vir.NWFilterBindingGetPortDev(h);

    /// <summary>The binding of port device <paramref name="portDev"/>, or null when there is none.</summary>
    public static NWFilterBindingHandle? TryLookupByPortDev(LibvirtConnection c, string portDev) => Vir.TryNWFilterBindingLookupByPortDev(c.Handle, portDev);

    /// <summary>The binding's XML (virsh nwfilter-binding-dumpxml).</summary>
    public static string GetXml(NWFilterBindingHandle h) => Vir.NWFilterBindingGetXMLDesc(h);

    /// <summary>Creates a binding from XML (virsh nwfilter-binding-create --validate).</summary>
    public static NWFilterBindingHandle Create(LibvirtConnection c, string xml) =>
        Definitions.Parse(() => Vir.NWFilterBindingCreateXML(c.Handle, xml, VirNWFilterBindingCreateFlags.VIR_NWFILTER_BINDING_CREATE_VALIDATE));

    /// <summary>Deletes the binding (virsh nwfilter-binding-delete): the filter's rules are taken off the port.</summary>
    public static void Delete(NWFilterBindingHandle h) => Vir.NWFilterBindingDelete(h);

    public static NetworkFilterBinding Snapshot(NWFilterBindingHandle h, Hypervisor? hypervisor) => Parse(GetXml(h), hypervisor);

    /// <summary>
    /// Reads a binding's XML (&lt;filterbinding&gt; with &lt;owner&gt;&lt;name/&gt;&lt;uuid/&gt;&lt;/owner&gt;, &lt;portdev name&gt;,
    /// &lt;mac address&gt;, &lt;filterref filter&gt; with &lt;parameter name value&gt;) into the model. A parameter given more
    /// than once (IP) keeps every value, in document order.
    /// </summary>
    public static NetworkFilterBinding Parse(string xml, Hypervisor? hypervisor)
    {
        var root = LibvirtXml.Parse(xml).Root ?? throw new FormatException("The network filter binding XML has no root element.");
        if (root.Name.LocalName != "filterbinding")
            throw new FormatException($"This is not a network filter binding: its root element is <{root.Name.LocalName}>, not <filterbinding>.");
        var owner = root.Element("owner");
        var filterRef = root.Element("filterref");
        var parameters = new System.Collections.Specialized.OrderedDictionary(StringComparer.Ordinal);
        foreach (var p in filterRef?.Elements("parameter") ?? Enumerable.Empty<System.Xml.Linq.XElement>())
        {
            if (Nullify((string?)p.Attribute("name")) is not string name) continue;
            string value = (string?)p.Attribute("value") ?? "";
            parameters[name] = parameters[name] switch
            {
                null => value,
                string one => new[] { one, value },
                string[] many => many.Append(value).ToArray(),
                var other => other,
            };
        }
        return new NetworkFilterBinding
        {
            Name = Nullify((string?)root.Element("portdev")?.Attribute("name")) ?? "",
            MacAddress = Nullify((string?)root.Element("mac")?.Attribute("address")),
            OwnerName = Nullify((string?)owner?.Element("name")),
            OwnerUuid = Guid.TryParse((string?)owner?.Element("uuid"), out var uuid) ? uuid : null,
            FilterName = Nullify((string?)filterRef?.Attribute("filter")),
            Parameters = parameters,
            Hypervisor = hypervisor,
        };
    }

    private static string? Nullify(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
