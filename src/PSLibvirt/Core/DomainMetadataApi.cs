using System.Xml.Linq;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Applications' own elements in a domain's &lt;metadata&gt; (virsh metadata): read, set, removed by namespace URI.</summary>
internal static class DomainMetadataApi
{
    private const int Element = (int)VirDomainMetadataType.VIR_DOMAIN_METADATA_ELEMENT;

    /// <summary>
    /// The elements of the domain's &lt;metadata&gt; (live, or the persistent definition when <paramref name="inactive"/>),
    /// each as libvirt gives it for its URI; only the element of <paramref name="uri"/> when given (none when absent).
    /// </summary>
    public static List<DomainMetadataElement> List(DomainHandle h, DeviceOwner owner, string? uri)
    {
        var result = new List<DomainMetadataElement>();
        foreach (var (ns, prefix) in Namespaces(DomainDefinitionApi.GetXml(h, inactive: owner.Inactive)))
        {
            if (uri is not null && ns != uri) continue;
            var xml = Vir.TryDomainGetMetadata(h, Element, ns, Impact(owner.Inactive ? DomainScope.Config : DomainScope.Current));
            if (xml is null) continue;
            result.Add(new DomainMetadataElement
            {
                Domain = owner.Domain, DomainUuid = owner.DomainUuid, Hypervisor = owner.Hypervisor, Inactive = owner.Inactive,
                Uri = ns, Key = prefix, Xml = xml,
            });
        }
        return result;
    }

    /// <summary>The namespace URI and prefix of each element under the domain XML's &lt;metadata&gt;, in order.</summary>
    public static IEnumerable<(string Uri, string? Prefix)> Namespaces(string domainXml)
    {
        var metadata = LibvirtXml.Root(domainXml).Element("metadata");
        if (metadata is null) yield break;
        foreach (var e in metadata.Elements())
        {
            string ns = e.Name.NamespaceName;
            if (ns.Length == 0) continue;
            yield return (ns, e.GetPrefixOfNamespace(e.Name.Namespace));
        }
    }

    /// <summary>
    /// Sets the element of <paramref name="uri"/> to <paramref name="xml"/> (one element, without a namespace: libvirt
    /// puts it in <paramref name="uri"/> under the prefix <paramref name="key"/>), replacing what the URI held.
    /// </summary>
    public static void Set(DomainHandle h, string uri, string key, string xml, DomainScope scope) =>
        Vir.DomainSetMetadata(h, Element, xml, key, uri, Impact(scope));

    /// <summary>Removes the element of <paramref name="uri"/> (nothing to do when there is none).</summary>
    public static void Remove(DomainHandle h, string uri, DomainScope scope) =>
        Vir.DomainSetMetadata(h, Element, null, null, uri, Impact(scope));

    /// <summary>
    /// The prefix for an element when none is given: its own prefix if it has one, else its name's letters (at most 8),
    /// so that &lt;app&gt; is stored as &lt;app:app&gt;, as virsh metadata --key app would. An XmlException when the XML
    /// is not one well-formed element.
    /// </summary>
    public static string DefaultKey(string xml)
    {
        var root = LibvirtXml.Root(xml);
        string? own = root.GetPrefixOfNamespace(root.Name.Namespace);
        if (!string.IsNullOrEmpty(own)) return own;
        var letters = new string(root.Name.LocalName.Where(char.IsAsciiLetter).Take(8).ToArray());
        return letters.Length == 0 ? "app" : letters;
    }

    private static VirDomainModificationImpact Impact(DomainScope scope) => (VirDomainModificationImpact)scope;
}
