using System;
using PSLibvirt.Core;
using PSLibvirt.Native;
using PSLibvirt.Provider;
using Xunit;

namespace PSLibvirt.Tests.Provider;

/// <summary>The provider's rules that need no connection: unsupported kinds are empty folders; definitions are checked before libvirt sees them.</summary>
public sealed class ProviderRulesTests
{
    private static LibvirtException Error(VirErrorNumber code) =>
        new(code, VirErrorDomain.VIR_FROM_NONE, VirErrorLevel.VIR_ERR_ERROR, code.ToString());

    [Fact]
    public void A_kind_the_driver_does_not_support_lists_as_empty() =>
        Assert.Empty(LibvirtProvider.Unsupported<string>(() => throw Error(VirErrorNumber.VIR_ERR_NO_SUPPORT)));

    [Theory]
    [InlineData(VirErrorNumber.VIR_ERR_ACCESS_DENIED)]
    [InlineData(VirErrorNumber.VIR_ERR_RPC)]
    [InlineData(VirErrorNumber.VIR_ERR_INTERNAL_ERROR)]
    public void Other_failures_are_errors(VirErrorNumber code) =>
        Assert.Equal(code, Assert.Throws<LibvirtException>(() => LibvirtProvider.Unsupported<string>(() => throw Error(code))).Code);

    [Fact]
    public void A_lost_connection_is_an_error_not_an_empty_folder() =>
        Assert.Throws<ConnectionLostException>(() => LibvirtProvider.Unsupported<string>(() => throw new ConnectionLostException("qemu:///system", "it was closed")));

    [Fact]
    public void A_listing_passes_through() =>
        Assert.Equal(new[] { "a", "b" }, LibvirtProvider.Unsupported<string>(() => new[] { "a", "b" }));

    [Theory]
    [InlineData("", typeof(ArgumentException))]
    [InlineData("<domain><name>x</name", typeof(System.Xml.XmlException))]
    [InlineData("<network><name>x</name></network>", typeof(ArgumentException))]
    public void A_definition_must_parse_and_have_the_right_root(string xml, Type expected) =>
        Assert.IsType(expected, Record.Exception(() => XmlDefinition.Load(xml, "domain")));

    [Fact]
    public void A_redefinition_keeps_the_name_and_uuid()
    {
        var uuid = Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f");
        var doc = XmlDefinition.Load($"<domain><name>web1</name><uuid>{uuid}</uuid></domain>", "domain");
        XmlDefinition.RequireName(doc, "domain", "web1");
        XmlDefinition.RequireUuid(doc, "domain", uuid);
        Assert.Throws<ArgumentException>(() => XmlDefinition.RequireName(doc, "domain", "Web1"));
        Assert.Throws<ArgumentException>(() => XmlDefinition.RequireUuid(doc, "domain", Guid.NewGuid()));
        // No <uuid>: libvirt matches by name, so that is allowed.
        XmlDefinition.RequireUuid(XmlDefinition.Load("<domain><name>web1</name></domain>", "domain"), "domain", uuid);
    }

    [Fact]
    public void A_new_definition_gets_its_name_filled_in_or_checked()
    {
        var doc = XmlDefinition.Load("<domain type='test'><memory>1024</memory></domain>", "domain");
        XmlDefinition.EnsureName(doc, "domain", "vm [1] ü");
        Assert.Equal("vm [1] ü", doc.DocumentElement!.SelectSingleNode("name")!.InnerText);
        var named = XmlDefinition.Load("<domain><name>a</name></domain>", "domain");
        Assert.Throws<ArgumentException>(() => XmlDefinition.EnsureName(named, "domain", "b"));
    }
}
