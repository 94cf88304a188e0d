using System;
using System.Xml.Linq;
using PSLibvirt.Core;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Network;

public class NetworkXmlTests
{
    private static XElement Build(NetworkDefinition d) => XElement.Parse(NetworkXml.Build(d));

    [Fact]
    public void NatNetworkWithDhcpHasForwardBridgeIpAndRange()
    {
        var x = Build(new NetworkDefinition { Name = "lab", Bridge = "virbr9", IPAddress = "10.9.0.1", PrefixLength = 24, DhcpStart = "10.9.0.10", DhcpEnd = "10.9.0.99" });
        Assert.Equal("lab", (string?)x.Element("name"));
        Assert.Equal("nat", (string?)x.Element("forward")?.Attribute("mode"));
        Assert.Equal("virbr9", (string?)x.Element("bridge")?.Attribute("name"));
        Assert.Equal("10.9.0.1", (string?)x.Element("ip")?.Attribute("address"));
        Assert.Equal("24", (string?)x.Element("ip")?.Attribute("prefix"));
        Assert.Equal("10.9.0.10", (string?)x.Element("ip")?.Element("dhcp")?.Element("range")?.Attribute("start"));
        Assert.Equal("10.9.0.99", (string?)x.Element("ip")?.Element("dhcp")?.Element("range")?.Attribute("end"));
    }

    [Fact]
    public void NoneIsIsolatedAndRouteIsRouted()
    {
        var iso = Build(new NetworkDefinition { Name = "iso", ForwardMode = "none" });
        Assert.Null(iso.Element("forward"));
        Assert.Null(iso.Element("ip"));
        var routed = Build(new NetworkDefinition { Name = "r", ForwardMode = "route", IPAddress = "10.7.0.1" });
        Assert.Equal("route", (string?)routed.Element("forward")?.Attribute("mode"));
        Assert.Equal("24", (string?)routed.Element("ip")?.Attribute("prefix"));
    }

    [Fact]
    public void Ipv6DefaultsToPrefix64AndFamily()
    {
        var x = Build(new NetworkDefinition { Name = "v6", IPAddress = "fd00:1::1", DhcpStart = "fd00:1::10", DhcpEnd = "fd00:1::20" });
        Assert.Equal("ipv6", (string?)x.Element("ip")?.Attribute("family"));
        Assert.Equal("64", (string?)x.Element("ip")?.Attribute("prefix"));
    }

    [Theory]
    [InlineData(null, null, "10.0.0.2", "10.0.0.9", "IPAddress")]
    [InlineData("10.0.0.1", null, "10.0.0.2", null, "both")]
    [InlineData("10.0.0.1", null, "10.1.0.2", "10.1.0.9", "outside")]
    [InlineData("10.0.0.1", null, "10.0.0.9", "10.0.0.2", "comes after")]
    [InlineData("10.0.0.1", 33, null, null, "out of range")]
    [InlineData("not-an-ip", null, null, null, "not an IP address")]
    [InlineData("10.0.0.1", null, "fd00::2", "fd00::9", "address family")]
    public void InconsistentParametersAreArgumentErrors(string? ip, int? prefix, string? start, string? end, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => NetworkXml.Build(new NetworkDefinition { Name = "bad", IPAddress = ip, PrefixLength = prefix, DhcpStart = start, DhcpEnd = end }));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void RouteWithoutAddressAndUnknownModeAreErrors()
    {
        Assert.Throws<ArgumentException>(() => NetworkXml.Build(new NetworkDefinition { Name = "r", ForwardMode = "route" }));
        Assert.Throws<ArgumentException>(() => NetworkXml.Build(new NetworkDefinition { Name = "b", ForwardMode = "bridge" }));
        Assert.Throws<ArgumentException>(() => NetworkXml.Build(new NetworkDefinition { Name = "" }));
    }

    [Fact]
    public void ParseReadsForwardModeAddressPrefixAndRange()
    {
        var f = NetworkApi.ParseXml("<network><name>n</name><forward mode='nat'/><bridge name='virbr0'/><ip address='192.168.122.1' netmask='255.255.255.0'><dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip></network>");
        Assert.Equal(new NetworkApi.NetworkXmlFacts("virbr0", "nat", "192.168.122.1", 24, "192.168.122.2", "192.168.122.254"), f);
    }

    [Fact]
    public void ParseDefaultsAndPrefersIpv4()
    {
        Assert.Equal("isolated", NetworkApi.ParseXml("<network><name>n</name></network>").ForwardMode);
        Assert.Equal("nat", NetworkApi.ParseXml("<network><name>n</name><forward/></network>").ForwardMode);
        var f = NetworkApi.ParseXml("<network><name>n</name><forward mode='bridge'/><ip family='ipv6' address='fd00::1' prefix='64'/><ip address='10.1.0.1' prefix='16'/></network>");
        Assert.Equal(("bridge", "10.1.0.1", (int?)16), (f.ForwardMode, f.IPAddress, f.PrefixLength));
        Assert.Null(f.DhcpStart);
        var v6 = NetworkApi.ParseXml("<network><name>n</name><ip family='ipv6' address='fd00::1'/></network>");
        Assert.Equal(("fd00::1", (int?)64), (v6.IPAddress, v6.PrefixLength));
    }

    [Theory]
    [InlineData("255.255.255.0", 24)]
    [InlineData("255.255.0.0", 16)]
    [InlineData("255.255.255.252", 30)]
    [InlineData("0.0.0.0", 0)]
    public void PrefixOfNetmask(string mask, int prefix) => Assert.Equal(prefix, NetworkApi.PrefixOf(System.Net.IPAddress.Parse(mask)));

    [Fact]
    public unsafe void LeaseRecordIsCopiedWithLocalExpiryTime()
    {
        var strings = new System.Collections.Generic.List<nint>();
        byte* S(string s) { var p = Utf8.AllocCopy(s); strings.Add((nint)p); return p; }
        try
        {
            var raw = new VirNetworkDHCPLease
            {
                iface = S("virbr0"), expirytime = 1_700_000_000, type = (int)VirIPAddrType.VIR_IP_ADDR_TYPE_IPV4, mac = S("52:54:00:aa:bb:cc"),
                iaid = null, ipaddr = S("192.168.122.50"), prefix = 24, hostname = S("web1"), clientid = S(""),
            };
            var l = NetworkApi.ToLease(&raw, "default", null);
            Assert.Equal(("default", "virbr0", "52:54:00:aa:bb:cc", "ipv4", "192.168.122.50", 24, "web1"),
                (l.Network, l.Interface, l.MacAddress, l.Type, l.IPAddress, l.PrefixLength, l.Hostname));
            Assert.Null(l.ClientId);
            Assert.Null(l.Iaid);
            Assert.Equal(DateTimeKind.Local, l.ExpiryTime.Kind);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).UtcDateTime, l.ExpiryTime.ToUniversalTime());
        }
        finally
        {
            foreach (var p in strings) Utf8.Free((void*)p);
        }
    }
}
