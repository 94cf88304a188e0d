using System.Xml;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Domain;

/// <summary>Reading the namespaces of a domain's &lt;metadata&gt; and choosing a prefix for a new element.</summary>
public sealed class DomainMetadataApiTests
{
    [Fact]
    public void ListsTheNamespacedElementsOfMetadataInOrder()
    {
        const string xml = """
            <domain><name>d</name><metadata>
              <b:app xmlns:b="http://example.org/b"/>
              <plain/>
              <a:other xmlns:a="http://example.org/a"><a:x/></a:other>
            </metadata></domain>
            """;
        Assert.Equal(new[] { ("http://example.org/b", (string?)"b"), ("http://example.org/a", "a") }, DomainMetadataApi.Namespaces(xml).ToArray());
        Assert.Empty(DomainMetadataApi.Namespaces("<domain><name>d</name></domain>"));
    }

    [Theory]
    [InlineData("<app><owner>x</owner></app>", "app")]
    [InlineData("<inv:inventory xmlns:inv='http://example.org/i'/>", "inv")]
    [InlineData("<backup-policy2/>", "backuppo")]
    [InlineData("<_1/>", "app")]
    public void ChoosesAPrefix(string xml, string key) => Assert.Equal(key, DomainMetadataApi.DefaultKey(xml));

    [Theory]
    [InlineData("<app")]
    [InlineData("<a/><b/>")]
    [InlineData("")]
    public void RefusesWhatIsNotOneElement(string xml) => Assert.ThrowsAny<XmlException>(() => DomainMetadataApi.DefaultKey(xml));
}
