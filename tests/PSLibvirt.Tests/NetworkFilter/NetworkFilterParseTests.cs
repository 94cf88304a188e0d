using System;
using System.Xml;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.NetworkFilter;

/// <summary>NetworkFilterApi.Parse: libvirt's &lt;filter&gt; XML (as nwfilter-dumpxml writes it) into the model; the UUID a redefinition keeps; the descriptor.</summary>
public class NetworkFilterParseTests
{
    [Fact]
    public void ReadsAFilterWithRulesAndReferences()
    {
        var f = NetworkFilterApi.Parse("""
            <filter name='clean-traffic' chain='root'>
              <uuid>6ef53069-ba34-94a0-d33d-17751b9b8cb1</uuid>
              <filterref filter='no-mac-spoofing'/>
              <filterref filter='no-ip-spoofing'/>
              <rule action='accept' direction='out' priority='-650'>
                <mac protocolid='ipv4'/>
              </rule>
              <filterref filter='allow-incoming-ipv4'/>
              <rule action='drop' direction='inout' priority='1000'/>
            </filter>
            """, null);
        Assert.Equal("clean-traffic", f.Name);
        Assert.Equal(Guid.Parse("6ef53069-ba34-94a0-d33d-17751b9b8cb1"), f.Uuid);
        Assert.Equal("root", f.Chain);
        Assert.Null(f.Priority);
        Assert.Equal(2, f.RuleCount);
        Assert.Equal(new[] { "no-mac-spoofing", "no-ip-spoofing", "allow-incoming-ipv4" }, f.References);
        Assert.Equal("clean-traffic", f.ToString());
        Assert.Null(f.Hypervisor);
    }

    [Fact]
    public void ReadsChainPriorityAndAFilterWithoutUuidOrRules()
    {
        var f = NetworkFilterApi.Parse("<filter name='no-arp' chain='arp' priority='-500'/>", null);
        Assert.Equal("arp", f.Chain);
        Assert.Equal(-500, f.Priority);
        Assert.Equal(Guid.Empty, f.Uuid);
        Assert.Equal(0, f.RuleCount);
        Assert.Empty(f.References);
        var bare = NetworkFilterApi.Parse("<filter name='x'><filterref filter=' '/></filter>", null);
        Assert.Null(bare.Chain);
        Assert.Empty(bare.References);
    }

    [Fact]
    public void RefusesAnotherRootAndMalformedXml()
    {
        Assert.Throws<FormatException>(() => NetworkFilterApi.Parse("<network><name>x</name></network>", null));
        Assert.ThrowsAny<XmlException>(() => NetworkFilterApi.Parse("<filter", null));
    }

    [Fact]
    public void ARedefinitionWithoutUuidGetsTheExistingFiltersUuid()
    {
        var uuid = Guid.Parse("11111111-2222-3333-4444-555555555555");
        string xml = NetworkFilterApi.WithExistingUuid("<filter name='a' chain='ipv4'><rule action='drop' direction='in'/></filter>", n => n == "a" ? uuid : null);
        var f = NetworkFilterApi.Parse(xml, null);
        Assert.Equal(uuid, f.Uuid);
        Assert.Equal(1, f.RuleCount);
        Assert.StartsWith("<filter name=\"a\" chain=\"ipv4\"><uuid>11111111-2222-3333-4444-555555555555</uuid>", xml);
    }

    [Fact]
    public void ANewFilterAGivenUuidAndBadXmlAreLeftAsTheyAre()
    {
        Func<string, Guid?> none = _ => null;
        Func<string, Guid?> any = _ => Guid.NewGuid();
        Assert.Equal("<filter name='b'/>", NetworkFilterApi.WithExistingUuid("<filter name='b'/>", none));
        const string given = "<filter name='a'><uuid>6ef53069-ba34-94a0-d33d-17751b9b8cb1</uuid></filter>";
        Assert.Equal(given, NetworkFilterApi.WithExistingUuid(given, any));
        Assert.Equal("<filter", NetworkFilterApi.WithExistingUuid("<filter", any));
        Assert.Equal("<network name='a'/>", NetworkFilterApi.WithExistingUuid("<network name='a'/>", any));
        Assert.Equal("<filter/>", NetworkFilterApi.WithExistingUuid("<filter/>", any));
    }

    [Fact]
    public void TheDescriptorNamesTheFilterInTheRootsNameAttribute()
    {
        var k = ObjectKinds.NetworkFilter;
        Assert.Equal("filter", k.XmlRoot);
        Assert.True(k.XmlNameIsAttribute);
        Assert.Equal(ObjectKeyType.Name, k.KeyType);
        Assert.True(k.CanDefine);
        Assert.True(k.CanRemove);
        Assert.False(k.CanStart);
        Assert.Equal("NetworkFilterNotFound", k.NotFoundId);
        Assert.Contains(k, ObjectKinds.All);
        var doc = XmlDefinition.Load("<filter name='other'/>", "filter");
        Assert.Throws<ArgumentException>(() => XmlDefinition.RequireName(doc, "filter", "mine", attribute: true));
    }
}
