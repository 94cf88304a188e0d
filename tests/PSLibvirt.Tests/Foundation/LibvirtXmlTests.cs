using System.Linq;
using System.Xml;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

/// <summary>LibvirtXml: the one reader of libvirt XML refuses DTDs, entities and oversized documents, both as XmlDocument and XDocument.</summary>
public class LibvirtXmlTests
{
    private const string EntityBomb = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
        <domain><name>&lol2;</name></domain>
        """;

    private const string ExternalEntity = """
        <?xml version="1.0"?>
        <!DOCTYPE domain [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <domain><name>&secret;</name></domain>
        """;

    [Theory]
    [InlineData(EntityBomb)]
    [InlineData(ExternalEntity)]
    public void RefusesADtd(string xml)
    {
        Assert.Throws<XmlException>(() => LibvirtXml.Load(xml));
        Assert.Throws<XmlException>(() => LibvirtXml.Parse(xml));
    }

    [Fact]
    public void RefusesADocumentLargerThanLibvirtCouldSend()
    {
        string big = "<domain><description>" + new string('x', (int)LibvirtXml.MaxCharacters) + "</description></domain>";
        Assert.Throws<XmlException>(() => LibvirtXml.Load(big));
    }

    private static string Nested(int depth) => "<domain>" + string.Concat(Enumerable.Repeat("<a>", depth - 1)) + string.Concat(Enumerable.Repeat("</a>", depth - 1)) + "</domain>";

    [Fact]
    public void ReadsNestingUpToLibxml2sBoundAndRefusesDeeperAtOnce()
    {
        // Depth counts from 0 at the root: MaxDepth + 1 levels are what libxml2 still takes.
        Assert.NotNull(LibvirtXml.Load(Nested(LibvirtXml.MaxDepth + 1)));
        Assert.NotNull(LibvirtXml.Parse(Nested(LibvirtXml.MaxDepth + 1)));
        Assert.Contains("256 levels", Assert.Throws<XmlException>(() => LibvirtXml.Load(Nested(LibvirtXml.MaxDepth + 2))).Message);
        // 200,000 levels used to take minutes (quadratic in .NET's tree building); now the reader stops at level 257.
        Assert.Throws<XmlException>(() => LibvirtXml.Parse(Nested(200_000)));
    }

    [Fact]
    public void ReadsOrdinaryLibvirtXmlBothWays()
    {
        const string xml = "<domain type='kvm'><name>web</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid></domain>";
        Assert.Equal("web", LibvirtXml.Load(xml).SelectSingleNode("/domain/name")!.InnerText);
        Assert.Equal("kvm", (string?)LibvirtXml.Root(xml).Attribute("type"));
    }

    [Fact]
    public void ReportsMalformedXmlAsXmlException()
    {
        Assert.Throws<XmlException>(() => LibvirtXml.Load("<domain>"));
        Assert.Throws<XmlException>(() => LibvirtXml.Root(""));
    }

    [Fact]
    public void EscapesTextForConcatenation() =>
        Assert.Equal("a&lt;b&gt;&amp;&apos;&quot;", LibvirtXml.Escape("a<b>&'\""));
}
