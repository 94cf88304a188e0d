using System.Xml;
using System.Xml.Linq;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Snapshot;

public class SnapshotEditTests
{
    private const string Sample = """
        <domainsnapshot>
          <name>s1</name>
          <description>old</description>
          <state>running</state>
          <creationTime>1700000000</creationTime>
          <domain type='test'><name>test</name><description>the domain's own</description></domain>
        </domainsnapshot>
        """;

    [Fact]
    public void A_description_is_replaced_and_the_domain_description_left_alone()
    {
        var x = XElement.Parse(DomainSnapshotApi.WithDescription(Sample, "new & <odd>"));
        Assert.Equal("new & <odd>", x.Element("description")!.Value);
        Assert.Single(x.Elements("description"));
        Assert.Equal("the domain's own", x.Element("domain")!.Element("description")!.Value);
        Assert.Equal("1700000000", x.Element("creationTime")!.Value);
    }

    [Fact]
    public void An_empty_description_removes_it_and_a_new_one_goes_after_the_name()
    {
        var removed = XElement.Parse(DomainSnapshotApi.WithDescription(Sample, ""));
        Assert.Null(removed.Element("description"));
        Assert.NotNull(removed.Element("domain")!.Element("description"));
        var added = XElement.Parse(DomainSnapshotApi.WithDescription(removed.ToString(), "back"));
        var elements = added.Elements().Select(e => e.Name.LocalName).ToList();
        Assert.Equal(elements.IndexOf("name") + 1, elements.IndexOf("description"));
        Assert.Equal("back", added.Element("description")!.Value);
    }

    [Fact]
    public void The_name_of_a_snapshot_document()
    {
        Assert.Equal("s1", DomainSnapshotApi.XmlName(Sample));
        Assert.Null(DomainSnapshotApi.XmlName("<domainsnapshot><description>x</description></domainsnapshot>"));
        Assert.Throws<XmlException>(() => DomainSnapshotApi.XmlName("<domain><name>x</name></domain>"));
        Assert.Throws<XmlException>(() => DomainSnapshotApi.XmlName("not xml"));
        Assert.Throws<XmlException>(() => DomainSnapshotApi.WithDescription("<domain/>", "x"));
    }

    [Fact]
    public void External_parts_of_a_snapshot()
    {
        Assert.Empty(DomainSnapshotApi.ExternalParts(Sample));
        Assert.Empty(DomainSnapshotApi.ExternalParts(
            "<domainsnapshot><name>i</name><memory snapshot='internal'/><disks><disk name='vda' snapshot='internal'/><disk name='hdc' snapshot='no'/></disks></domainsnapshot>"));
        Assert.Equal(new[] { "disk vda" }, DomainSnapshotApi.ExternalParts(
            "<domainsnapshot><name>e</name><state>disk-snapshot</state><memory snapshot='no'/><disks><disk name='vda' snapshot='external' type='file'><source file='/x.e'/></disk><disk name='hdc' snapshot='no'/></disks></domainsnapshot>"));
        Assert.Equal(new[] { "memory", "disk vda", "disk vdb" }, DomainSnapshotApi.ExternalParts(
            "<domainsnapshot><name>e</name><memory snapshot='external' file='/m'/><disks><disk name='vda' snapshot='external'/><disk name='vdb' snapshot='external'/></disks></domainsnapshot>"));
        Assert.Equal(new Version(9, 7, 0), DomainSnapshotApi.ExternalRevertSince);
    }
}
