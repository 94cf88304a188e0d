using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Snapshot;

public class DomainSnapshotApiTests
{
    private const string Sample = """
        <domainsnapshot>
          <name>before-upgrade</name>
          <description>pre &lt;kernel&gt; update</description>
          <state>shutoff</state>
          <parent><name>base</name></parent>
          <creationTime>1700000000</creationTime>
          <memory snapshot='no'/>
          <domain type='test'><name>web1</name><uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid></domain>
        </domainsnapshot>
        """;

    [Fact]
    public void ParseReadsEveryField()
    {
        var uuid = Guid.NewGuid();
        var s = DomainSnapshotApi.Parse(Sample, "web1", uuid, isCurrent: true, hasMetadata: false, children: 3, hypervisor: null);
        Assert.Equal("before-upgrade", s.Name);
        Assert.Equal("web1", s.Domain);
        Assert.Equal(uuid, s.DomainUuid);
        Assert.Equal("pre <kernel> update", s.Description);
        Assert.Equal(DomainSnapshotState.ShutOff, s.State);
        Assert.Equal("base", s.Parent);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000).LocalDateTime, s.CreationTime);
        Assert.Equal(DateTimeKind.Local, s.CreationTime.Kind);
        Assert.Equal("no", s.Memory);
        Assert.True(s.IsCurrent);
        Assert.False(s.HasMetadata);
        Assert.Equal(3, s.Children);
    }

    [Fact]
    public void ParseOfARootWithoutDescriptionHasNulls()
    {
        var s = DomainSnapshotApi.Parse("<domainsnapshot><name>r</name><state>running</state><creationTime>5</creationTime></domainsnapshot>",
            "d", Guid.Empty, false, true, 0, null);
        Assert.Null(s.Parent);
        Assert.Null(s.Description);
        Assert.Null(s.Memory);
        Assert.Equal(DomainSnapshotState.Running, s.State);
    }

    [Fact]
    public void ParseRefusesAnotherDocument() =>
        Assert.Throws<XmlException>(() => DomainSnapshotApi.Parse("<domain/>", "d", Guid.Empty, false, true, 0, null));

    [Theory]
    [InlineData(null, null, "<domainsnapshot></domainsnapshot>")]
    [InlineData("s1", null, "<domainsnapshot><name>s1</name></domainsnapshot>")]
    [InlineData("a&b", "<x> 'y'", "<domainsnapshot><name>a&amp;b</name><description>&lt;x&gt; &apos;y&apos;</description></domainsnapshot>")]
    public void BuildXmlEscapes(string? name, string? description, string expected)
    {
        string xml = DomainSnapshotApi.BuildXml(name, description);
        Assert.Equal(expected, xml);
        var doc = new XmlDocument();
        doc.LoadXml(xml);
        Assert.Equal(name ?? "", doc.SelectSingleNode("/domainsnapshot/name")?.InnerText ?? "");
        Assert.Equal(description ?? "", doc.SelectSingleNode("/domainsnapshot/description")?.InnerText ?? "");
    }

    [Fact]
    public void FlagsMapToLibvirts()
    {
        Assert.Equal(VirDomainSnapshotCreateFlags.VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY | VirDomainSnapshotCreateFlags.VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC,
            DomainSnapshotApi.CreateFlags(diskOnly: true, quiesce: false, atomic: true));
        Assert.Equal(VirDomainSnapshotRevertFlags.VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED | VirDomainSnapshotRevertFlags.VIR_DOMAIN_SNAPSHOT_REVERT_FORCE,
            DomainSnapshotApi.RevertFlags(running: false, paused: true, force: true));
        Assert.Equal(VirDomainSnapshotDeleteFlags.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY | VirDomainSnapshotDeleteFlags.VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY,
            DomainSnapshotApi.DeleteFlags(children: false, childrenOnly: true, metadataOnly: true));
        Assert.Throws<ArgumentException>(() => DomainSnapshotApi.DeleteFlags(true, true, false));
    }

    private static DomainSnapshot S(string name, string? parent, long secs) => new()
    {
        Name = name,
        Parent = parent,
        CreationTime = DateTimeOffset.FromUnixTimeSeconds(secs).LocalDateTime,
    };

    [Fact]
    public void OrderIsByTimeThenParentsFirstThenName()
    {
        // z -> y -> x taken in one second, plus an older root and a newer sibling
        var list = new List<DomainSnapshot> { S("x", "y", 10), S("b", "z", 11), S("old", null, 5), S("z", null, 10), S("y", "z", 10), S("a", "z", 11) };
        DomainSnapshotApi.Order(list);
        Assert.Equal(new[] { "old", "z", "y", "x", "a", "b" }, list.Select(s => s.Name));
    }

    [Fact]
    public void OrderSurvivesAParentCycleAndAMissingParent()
    {
        var list = new List<DomainSnapshot> { S("p", "q", 1), S("q", "p", 1), S("orphan", "gone", 1) };
        DomainSnapshotApi.Order(list);
        Assert.Equal(3, list.Count);
    }
}
