using System.Xml;

namespace PSLibvirt.Core;

/// <summary>
/// An XmlReader that refuses elements nested deeper than a bound, while the document is read (one pass). .NET's
/// readers have no such bound, and building an XDocument or XmlDocument of a 200,000-level document takes minutes;
/// libvirt's parser (libxml2) refuses more than 256 levels anyway, so nothing libvirt would take is refused here.
/// </summary>
internal sealed class DepthLimitedXmlReader : XmlReader, IXmlLineInfo
{
    private readonly XmlReader _inner;
    private readonly int _maxDepth;

    public DepthLimitedXmlReader(XmlReader inner, int maxDepth)
    {
        _inner = inner;
        _maxDepth = maxDepth;
    }

    public override bool Read()
    {
        bool more = _inner.Read();
        if (more && _inner.Depth > _maxDepth)
        {
            var li = _inner as IXmlLineInfo;
            throw new XmlException($"The XML nests elements more than {_maxDepth} levels deep, which libvirt does not accept.", null, li?.LineNumber ?? 0, li?.LinePosition ?? 0);
        }
        return more;
    }

    public override int AttributeCount => _inner.AttributeCount;
    public override string BaseURI => _inner.BaseURI;
    public override int Depth => _inner.Depth;
    public override bool EOF => _inner.EOF;
    public override bool IsEmptyElement => _inner.IsEmptyElement;
    public override string LocalName => _inner.LocalName;
    public override string NamespaceURI => _inner.NamespaceURI;
    public override XmlNameTable NameTable => _inner.NameTable;
    public override XmlNodeType NodeType => _inner.NodeType;
    public override string Prefix => _inner.Prefix;
    public override ReadState ReadState => _inner.ReadState;
    public override string Value => _inner.Value;
    public override XmlReaderSettings? Settings => _inner.Settings;
    public override string GetAttribute(int i) => _inner.GetAttribute(i);
    public override string? GetAttribute(string name) => _inner.GetAttribute(name);
    public override string? GetAttribute(string name, string? namespaceURI) => _inner.GetAttribute(name, namespaceURI);
    public override string? LookupNamespace(string prefix) => _inner.LookupNamespace(prefix);
    public override bool MoveToAttribute(string name) => _inner.MoveToAttribute(name);
    public override bool MoveToAttribute(string name, string? ns) => _inner.MoveToAttribute(name, ns);
    public override bool MoveToElement() => _inner.MoveToElement();
    public override bool MoveToFirstAttribute() => _inner.MoveToFirstAttribute();
    public override bool MoveToNextAttribute() => _inner.MoveToNextAttribute();
    public override bool ReadAttributeValue() => _inner.ReadAttributeValue();
    public override void ResolveEntity() => _inner.ResolveEntity();

    public bool HasLineInfo() => _inner is IXmlLineInfo li && li.HasLineInfo();
    public int LineNumber => (_inner as IXmlLineInfo)?.LineNumber ?? 0;
    public int LinePosition => (_inner as IXmlLineInfo)?.LinePosition ?? 0;

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
