using System;
using System.Xml;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.HostInterface;

/// <summary>InterfaceApi.Parse: libvirt's &lt;interface&gt; XML (as iface-dumpxml writes it) into the model; and the name-attribute rule of definitions.</summary>
public class HostInterfaceParseTests
{
    [Fact]
    public void ReadsAnEthernetInterfaceOfTheTestDriver()
    {
        var i = InterfaceApi.Parse("""
            <interface type='ethernet' name='eth1'>
              <start mode='onboot'/>
              <mtu size='1492'/>
              <protocol family='ipv4'>
                <ip address='192.168.0.5' prefix='24'/>
                <route gateway='192.168.0.1'/>
              </protocol>
              <mac address='aa:bb:cc:dd:ee:ff'/>
            </interface>
            """, active: true, null);
        Assert.Equal("eth1", i.Name);
        Assert.Equal("ethernet", i.Type);
        Assert.Equal("aa:bb:cc:dd:ee:ff", i.MacAddress);
        Assert.True(i.Active);
        Assert.Equal("onboot", i.StartMode);
        Assert.Equal(1492, i.Mtu);
        Assert.Equal(new[] { "192.168.0.5/24" }, i.Addresses);
        Assert.Equal("eth1", i.ToString());
        Assert.Null(i.Hypervisor);
    }

    [Fact]
    public void ReadsABridgeWithIPv4AndIPv6AddressesAndNoMac()
    {
        var i = InterfaceApi.Parse("""
            <interface type='bridge' name='br0'>
              <start mode='none'/>
              <protocol family='ipv4'>
                <ip address='10.0.0.2' prefix='8'/>
                <ip address='10.1.0.2'/>
              </protocol>
              <protocol family='ipv6'>
                <ip address='fd00::2' prefix='64'/>
              </protocol>
              <bridge stp='off'>
                <interface type='ethernet' name='eth0'><mac address='52:54:00:00:00:01'/></interface>
              </bridge>
            </interface>
            """, active: false, null);
        Assert.Equal("br0", i.Name);
        Assert.Equal("bridge", i.Type);
        Assert.Null(i.MacAddress); // the bridged eth0's MAC is not the bridge's
        Assert.False(i.Active);
        Assert.Equal("none", i.StartMode);
        Assert.Null(i.Mtu);
        Assert.Equal(new[] { "10.0.0.2/8", "10.1.0.2", "fd00::2/64" }, i.Addresses);
    }

    [Theory]
    [InlineData("<interface type='bond' name='bond0'><bond mode='active-backup'/></interface>", "bond")]
    [InlineData("<interface type='vlan' name='eth0.10'><vlan tag='10'><interface name='eth0'/></vlan></interface>", "vlan")]
    public void ReadsTheTypeOfBondsAndVlans(string xml, string type)
    {
        var i = InterfaceApi.Parse(xml, active: false, null);
        Assert.Equal(type, i.Type);
        Assert.Empty(i.Addresses);
        Assert.Null(i.StartMode);
    }

    [Fact]
    public void RefusesAnotherKindsXml() =>
        Assert.Throws<FormatException>(() => InterfaceApi.Parse("<network><name>x</name></network>", false, null));

    [Fact]
    public void RefusesMalformedXml() =>
        Assert.ThrowsAny<XmlException>(() => InterfaceApi.Parse("<interface", false, null));

    [Fact]
    public void TheKindNamesItsObjectsInTheRootsNameAttribute()
    {
        Assert.True(ObjectKinds.HostInterface.XmlNameIsAttribute);
        Assert.Equal("interface", ObjectKinds.HostInterface.XmlRoot);
        Assert.True(ObjectKinds.HostInterface.CanDefine);
        Assert.True(ObjectKinds.HostInterface.CanStart);
        Assert.True(ObjectKinds.HostInterface.CanRemove);
        Assert.Contains(ObjectKinds.HostInterface, ObjectKinds.All);
    }

    [Fact]
    public void EnsureNameAddsTheNameAttributeWhenMissingAndNoNameElement()
    {
        var doc = XmlDefinition.Load("<interface type='ethernet'><mac address='52:54:00:00:00:01'/></interface>", "interface");
        XmlDefinition.EnsureName(doc, "interface", "eth7", attribute: true);
        Assert.Equal("eth7", doc.DocumentElement!.GetAttribute("name"));
        Assert.Null(doc.DocumentElement.SelectSingleNode("name"));
    }

    [Fact]
    public void EnsureNameRefusesADifferentNameAttribute()
    {
        var doc = XmlDefinition.Load("<interface type='ethernet' name='other'/>", "interface");
        var e = Assert.Throws<ArgumentException>(() => XmlDefinition.EnsureName(doc, "interface", "eth7", attribute: true));
        Assert.Contains("'other', not 'eth7'", e.Message);
        XmlDefinition.RequireName(doc, "interface", "other", attribute: true);
    }
}
