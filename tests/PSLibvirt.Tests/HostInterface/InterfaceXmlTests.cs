using System;
using System.Diagnostics;
using System.IO;
using System.Xml.Linq;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.HostInterface;

/// <summary>
/// InterfaceXml: the XML New-HostInterface writes for each type (checked against libvirt's own schema with
/// virt-xml-validate, the tool libvirt ships for that), the parameters each type refuses, and the rewrites of
/// virsh iface-bridge and iface-unbridge.
/// </summary>
public class InterfaceXmlTests
{
    private static string Validated(string xml)
    {
        string file = Path.Combine(Path.GetTempPath(), $"pslv-iface-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, xml);
        try
        {
            var psi = new ProcessStartInfo("virt-xml-validate", new[] { file, "interface" }) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"libvirt's interface schema refuses:\n{xml}\n{output}");
            return xml;
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void WritesAnEthernetInterfaceWithBothAddressFamilies()
    {
        var x = XElement.Parse(Validated(InterfaceXml.Build(new InterfaceDefinition
        {
            Name = "eth7", Type = HostInterfaceType.Ethernet, MacAddress = "52:54:00:AB:CD:07", Mtu = 9000, StartMode = HostInterfaceStartMode.Hotplug,
            IPAddress = new[] { "192.0.2.7/24", "2001:db8::7" }, Gateway = new[] { "2001:db8::1" }, Dhcp = true,
        })));
        Assert.Equal("ethernet", (string?)x.Attribute("type"));
        Assert.Equal("52:54:00:ab:cd:07", (string?)x.Element("mac")?.Attribute("address"));
        Assert.Equal("hotplug", (string?)x.Element("start")?.Attribute("mode"));
        var protocols = x.Elements("protocol").ToList();
        Assert.Equal(new[] { "ipv4", "ipv6" }, protocols.Select(p => (string?)p.Attribute("family")));
        Assert.NotNull(protocols[0].Element("dhcp"));
        Assert.Null(protocols[0].Element("route"));
        Assert.Equal("64", (string?)protocols[1].Element("ip")?.Attribute("prefix"));
        Assert.Equal("2001:db8::1", (string?)protocols[1].Element("route")?.Attribute("gateway"));
        Assert.Null(protocols[1].Element("dhcp"));
    }

    [Fact]
    public void WritesBridgesBondsAndVlansThatLibvirtsSchemaTakes()
    {
        var bridge = XElement.Parse(Validated(InterfaceXml.Build(new InterfaceDefinition
            { Name = "br0", Type = HostInterfaceType.Bridge, Member = new[] { "eth0", "eth1" }, Stp = false, Delay = 0.5 })));
        Assert.Equal("off", (string?)bridge.Element("bridge")?.Attribute("stp"));
        Assert.Equal("0.5", (string?)bridge.Element("bridge")?.Attribute("delay"));
        Assert.Equal(new[] { "eth0", "eth1" }, bridge.Element("bridge")!.Elements("interface").Select(i => (string?)i.Attribute("name")));

        Validated(InterfaceXml.Build(new InterfaceDefinition { Name = "br1", Type = HostInterfaceType.Bridge }));

        var bond = XElement.Parse(Validated(InterfaceXml.Build(new InterfaceDefinition
            { Name = "bond0", Type = HostInterfaceType.Bond, Member = new[] { "eth2", "eth3" }, BondMode = "active-backup", MiiMonitorMilliseconds = 100, IPAddress = new[] { "10.0.0.2/8" }, Gateway = new[] { "10.0.0.1" } })));
        Assert.Equal("active-backup", (string?)bond.Element("bond")?.Attribute("mode"));
        Assert.Equal("100", (string?)bond.Element("bond")?.Element("miimon")?.Attribute("freq"));

        var vlan = XElement.Parse(Validated(InterfaceXml.Build(new InterfaceDefinition
            { Name = "eth0.42", Type = HostInterfaceType.Vlan, VlanTag = 42, VlanParent = "eth0", StartMode = HostInterfaceStartMode.None })));
        Assert.Equal("42", (string?)vlan.Element("vlan")?.Attribute("tag"));
        Assert.Equal("eth0", (string?)vlan.Element("vlan")?.Element("interface")?.Attribute("name"));
    }

    [Theory]
    [InlineData("", HostInterfaceType.Ethernet, "needs a name")]
    [InlineData("eth7", HostInterfaceType.Bridge, "ethernet interfaces only", "MacAddress")]
    [InlineData("eth7", HostInterfaceType.Ethernet, "bridge interfaces only", "Stp")]
    [InlineData("eth7", HostInterfaceType.Ethernet, "bond interfaces only", "BondMode")]
    [InlineData("eth7", HostInterfaceType.Bridge, "vlan interfaces only", "VlanTag")]
    [InlineData("eth7", HostInterfaceType.Vlan, "bridges and bonds only", "Member")]
    [InlineData("eth7", HostInterfaceType.Bond, "at least one member")]
    [InlineData("eth7", HostInterfaceType.Vlan, "needs -VlanTag and -VlanParent")]
    public void RefusesParametersThatDoNotFitTheType(string name, HostInterfaceType type, string message, string? given = null)
    {
        var d = new InterfaceDefinition { Name = name, Type = type };
        switch (given)
        {
            case "MacAddress": d.MacAddress = "52:54:00:00:00:07"; break;
            case "Stp": d.Stp = true; break;
            case "BondMode": d.BondMode = "802.3ad"; break;
            case "VlanTag": d.VlanTag = 7; break;
            case "Member": d.Member = new[] { "eth1" }; break;
        }
        var e = Assert.Throws<ArgumentException>(() => InterfaceXml.Build(d));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("192.0.2.1/0", "prefix length")]
    [InlineData("2001:db8::1/129", "prefix length")]
    [InlineData("192.0.2.1/x", "prefix length")]
    [InlineData("7", "not an IP address")]
    [InlineData("host.example", "not an IP address")]
    public void RefusesAddressesThatAreNotOnes(string address, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => InterfaceXml.Build(new InterfaceDefinition { Name = "eth7", Type = HostInterfaceType.Ethernet, IPAddress = new[] { address } }));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("52:54:00:12:34")]
    [InlineData("52-54-00-12-34-56")]
    [InlineData("52:54:00:12:34:5g")]
    public void RefusesMacAddressesThatAreNotOnes(string mac) =>
        Assert.Throws<ArgumentException>(() => AddressText.ParseMac(mac, "-MacAddress"));

    [Fact]
    public void RefusesTwoGatewaysOfOneFamilyAndAGatewayWithoutAnAddress()
    {
        Assert.Contains("at most one", Assert.Throws<ArgumentException>(() => InterfaceXml.Build(new InterfaceDefinition
            { Name = "e", Type = HostInterfaceType.Ethernet, IPAddress = new[] { "192.0.2.7/24" }, Gateway = new[] { "192.0.2.1", "192.0.2.2" } })).Message);
        Assert.Contains("needs an ipv4 address", Assert.Throws<ArgumentException>(() => InterfaceXml.Build(new InterfaceDefinition
            { Name = "e", Type = HostInterfaceType.Ethernet, IPAddress = new[] { "2001:db8::7/64" }, Gateway = new[] { "192.0.2.1" } })).Message);
    }

    private const string Eth = """
        <interface type='ethernet' name='eth1'>
          <start mode='onboot'/>
          <mac address='aa:bb:cc:dd:ee:ff'/>
          <mtu size='1492'/>
          <protocol family='ipv4'><ip address='192.168.0.5' prefix='24'/><route gateway='192.168.0.1'/></protocol>
        </interface>
        """;

    [Fact]
    public void BridgeMovesTheMacIntoTheMemberAndKeepsTheAddressingOnTheBridge()
    {
        var br = XElement.Parse(Validated(InterfaceXml.Bridge(Eth, "br0", stp: true, delay: 2)));
        Assert.Equal("bridge", (string?)br.Attribute("type"));
        Assert.Equal("br0", (string?)br.Attribute("name"));
        Assert.Null(br.Element("mac"));
        Assert.Equal("1492", (string?)br.Element("mtu")?.Attribute("size"));
        Assert.Equal("192.168.0.5", (string?)br.Element("protocol")?.Element("ip")?.Attribute("address"));
        var bridge = br.Element("bridge")!;
        Assert.Equal("on", (string?)bridge.Attribute("stp"));
        Assert.Equal("2", (string?)bridge.Attribute("delay"));
        var member = Assert.Single(bridge.Elements("interface"));
        Assert.Equal(("ethernet", "eth1"), ((string?)member.Attribute("type"), (string?)member.Attribute("name")));
        Assert.Equal("aa:bb:cc:dd:ee:ff", (string?)member.Element("mac")?.Attribute("address"));

        // Without STP virsh writes no delay.
        Assert.Null(XElement.Parse(InterfaceXml.Bridge(Eth, "br0", stp: false, delay: 2)).Element("bridge")?.Attribute("delay"));
    }

    [Fact]
    public void UnbridgeUndoesBridge()
    {
        var (xml, name) = InterfaceXml.Unbridge(InterfaceXml.Bridge(Eth, "br0", stp: true, delay: 0));
        Assert.Equal("eth1", name);
        var eth = XElement.Parse(Validated(xml));
        Assert.True(XNode.DeepEquals(
            new XElement("x", XElement.Parse(Eth).Elements().OrderBy(e => e.Name.LocalName)),
            new XElement("x", eth.Elements().OrderBy(e => e.Name.LocalName))));
        Assert.Equal(("ethernet", "eth1"), ((string?)eth.Attribute("type"), (string?)eth.Attribute("name")));
    }

    [Theory]
    [InlineData("<interface type='bridge' name='br0'><bridge/></interface>", "No interface is attached")]
    [InlineData("<interface type='bridge' name='br0'><bridge><interface type='ethernet' name='a'/><interface type='ethernet' name='b'/></bridge></interface>", "2 interfaces")]
    [InlineData("<interface type='ethernet' name='br0'/>", "not a bridge")]
    [InlineData("<interface type='bridge' name='br0'/>", "no <bridge> element")]
    public void UnbridgeRefusesWhatItCannotUndo(string xml, string message) =>
        Assert.Contains(message, Assert.Throws<InvalidOperationException>(() => InterfaceXml.Unbridge(xml)).Message);

    [Fact]
    public void BridgeRefusesABridge() =>
        Assert.Contains("already a bridge", Assert.Throws<InvalidOperationException>(() =>
            InterfaceXml.Bridge("<interface type='bridge' name='br0'><bridge/></interface>", "br1", true, 0)).Message);
}
