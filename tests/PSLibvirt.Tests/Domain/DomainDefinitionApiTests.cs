using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Domain;

/// <summary>The builder's XML is accepted by a real driver (test:///default), and a rejected redefine keeps the old definition.</summary>
public sealed class DomainDefinitionApiTests
{
    [Fact]
    public void Built_xml_defines_on_the_test_driver_and_reads_back()
    {
        using var conn = LibvirtConnection.Open("test:///default");
        var caps = HostApi.GetCapabilities(conn);
        string xml = DomainXmlBuilder.Build(new DomainSpec { Name = "xunit-built", MemoryMiB = 256, VCpus = 2, DiskPaths = { "/img/x.qcow2" }, Networks = { "default" }, CdromPath = "/iso/a.iso" }, caps);
        using var dom = DomainDefinitionApi.Define(conn, xml);
        Assert.Equal("xunit-built", DomainApi.GetName(dom));
        Assert.True(DomainDefinitionApi.IsPersistent(dom));
        Assert.False(DomainDefinitionApi.IsActive(dom));
        var back = LibvirtXml.Load(DomainDefinitionApi.GetXml(dom, inactive: true));
        Assert.Equal("262144", back.SelectSingleNode("/domain/memory")!.InnerText);
        Assert.Equal("2", back.SelectSingleNode("/domain/vcpu")!.InnerText);
        Assert.Equal(new[] { "/img/x.qcow2" }, DomainXmlBuilder.DiskSourcePaths(back.OuterXml));
    }

    [Fact]
    public void Invalid_redefine_is_rejected_and_keeps_the_definition()
    {
        using var conn = LibvirtConnection.Open("test:///default");
        using var dom = DomainApi.TryLookupByName(conn, "test")!;
        string before = DomainDefinitionApi.GetXml(dom, inactive: true);
        // Schema-invalid: <vcpu> must be a number; VIR_DOMAIN_DEFINE_VALIDATE rejects it.
        string bad = before.Replace("<vcpu placement='static'>2</vcpu>", "<vcpu placement='static'>two</vcpu>");
        Assert.NotEqual(before, bad);
        var ex = Assert.Throws<LibvirtException>(() => DomainDefinitionApi.Define(conn, bad).Dispose());
        Assert.Equal(before, DomainDefinitionApi.GetXml(dom, inactive: true));
        Assert.NotEqual(Native.VirErrorNumber.VIR_ERR_OK, ex.Code);
    }

    [Fact]
    public void Lookups_return_null_for_missing_domains()
    {
        using var conn = LibvirtConnection.Open("test:///default");
        Assert.Null(DomainApi.TryLookupByName(conn, "no-such-domain"));
        Assert.Null(DomainApi.TryLookupByUuid(conn, Guid.NewGuid()));
        Assert.Null(DomainDefinitionApi.TryLookupVolumeByPath(conn, "/no/such/volume"));
    }
}
