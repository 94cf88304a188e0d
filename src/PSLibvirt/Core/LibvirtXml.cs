using System.IO;
using System.Security;
using System.Xml;
using System.Xml.Linq;

namespace PSLibvirt.Core;

/// <summary>
/// The one way PSLibvirt reads and escapes libvirt XML, whether libvirt wrote it or a user typed it: no DTD (an
/// entity bomb or an external entity is an XmlException, not a hang or a file read), no resolver, and bounds on size and depth.
/// XmlDocument for XPath readers, XDocument for LINQ readers; both get the same reader settings.
/// </summary>
internal static class LibvirtXml
{
    /// <summary>The largest document read (characters): libvirt's own limit for an RPC string is 32 MiB (VIR_NET_MESSAGE_STRING_MAX).</summary>
    public const long MaxCharacters = 32L * 1024 * 1024;

    /// <summary>The deepest nesting read: libxml2's default bound, which libvirt's parser keeps (deeper is refused there too).</summary>
    public const int MaxDepth = 256;

    private static XmlReader Reader(string xml) => new DepthLimitedXmlReader(XmlReader.Create(new StringReader(xml), Settings), MaxDepth);

    private static XmlReaderSettings Settings => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 0,
    };

    /// <summary>Parses <paramref name="xml"/> into an XmlDocument; XmlException when it is not well-formed, has a DTD or is too large.</summary>
    public static XmlDocument Load(string xml)
    {
        var doc = new XmlDocument { XmlResolver = null };
        using var reader = Reader(xml);
        doc.Load(reader);
        return doc;
    }

    /// <summary>Parses <paramref name="xml"/> into an XDocument, with the same rules as <see cref="Load"/>.</summary>
    public static XDocument Parse(string xml)
    {
        using var reader = Reader(xml);
        return XDocument.Load(reader);
    }

    /// <summary>The root element of <paramref name="xml"/>; XmlException when there is none.</summary>
    public static XElement Root(string xml) =>
        Parse(xml).Root ?? throw new XmlException("The XML has no root element.");

    /// <summary>Text or an attribute value escaped for XML built by concatenation (&lt; &gt; &amp; ' ").</summary>
    public static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
