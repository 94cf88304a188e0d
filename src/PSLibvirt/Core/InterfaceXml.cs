using System.Globalization;
using System.Xml.Linq;

namespace PSLibvirt.Core;

/// <summary>The parameters of a common host interface (New-HostInterface without -Xml).</summary>
internal sealed class InterfaceDefinition
{
    public string Name { get; set; } = "";
    public HostInterfaceType Type { get; set; }
    public HostInterfaceStartMode StartMode { get; set; } = HostInterfaceStartMode.OnBoot;
    /// <summary>Ethernet only: the MAC address that picks the device.</summary>
    public string? MacAddress { get; set; }
    public int? Mtu { get; set; }
    /// <summary>Static addresses as address/prefix, IPv4 and IPv6 mixed.</summary>
    public string[] IPAddress { get; set; } = Array.Empty<string>();
    /// <summary>At most one default gateway per address family.</summary>
    public string[] Gateway { get; set; } = Array.Empty<string>();
    /// <summary>IPv4 address by DHCP.</summary>
    public bool Dhcp { get; set; }
    /// <summary>Bridge and bond: the Ethernet interfaces they take in.</summary>
    public string[] Member { get; set; } = Array.Empty<string>();
    /// <summary>Bridge: spanning tree on or off; null leaves libvirt's default.</summary>
    public bool? Stp { get; set; }
    /// <summary>Bridge: forward delay in seconds.</summary>
    public double? Delay { get; set; }
    /// <summary>Bond: balance-rr, active-backup, balance-xor, broadcast, 802.3ad, balance-tlb or balance-alb.</summary>
    public string? BondMode { get; set; }
    /// <summary>Bond: link monitoring interval in milliseconds (miimon).</summary>
    public int? MiiMonitorMilliseconds { get; set; }
    /// <summary>VLAN: the tag (0..4095) and the device it runs over.</summary>
    public int? VlanTag { get; set; }
    public string? VlanParent { get; set; }
}

/// <summary>
/// Writes interface XML from an <see cref="InterfaceDefinition"/>, and the two rewrites virsh iface-bridge and
/// iface-unbridge make of a definition (they are virsh's own code, not libvirt calls, so the module does them here).
/// </summary>
internal static class InterfaceXml
{
    public static readonly string[] BondModes = { "balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb" };

    /// <summary>The interface XML; ArgumentException for a parameter that does not fit the type (libvirt validates the rest).</summary>
    public static string Build(InterfaceDefinition d)
    {
        if (string.IsNullOrWhiteSpace(d.Name)) throw new ArgumentException("A host interface needs a name.", nameof(d.Name));
        string type = d.Type.ToString().ToLowerInvariant();
        void OnlyFor(HostInterfaceType t, bool given, string parameter)
        {
            if (given && d.Type != t) throw new ArgumentException($"{parameter} applies to {t.ToString().ToLowerInvariant()} interfaces only, and '{d.Name}' is of type {type}.", parameter);
        }
        OnlyFor(HostInterfaceType.Ethernet, d.MacAddress is not null, "-MacAddress");
        OnlyFor(HostInterfaceType.Bridge, d.Stp is not null, "-Stp");
        OnlyFor(HostInterfaceType.Bridge, d.Delay is not null, "-Delay");
        OnlyFor(HostInterfaceType.Bond, d.BondMode is not null, "-BondMode");
        OnlyFor(HostInterfaceType.Bond, d.MiiMonitorMilliseconds is not null, "-MiiMonitor");
        OnlyFor(HostInterfaceType.Vlan, d.VlanTag is not null, "-VlanTag");
        OnlyFor(HostInterfaceType.Vlan, d.VlanParent is not null, "-VlanParent");
        if (d.Member.Length > 0 && d.Type is not (HostInterfaceType.Bridge or HostInterfaceType.Bond))
            throw new ArgumentException($"-Member applies to bridges and bonds only, and '{d.Name}' is of type {type}.", "-Member");

        var root = new XElement("interface", new XAttribute("type", type), new XAttribute("name", d.Name),
            new XElement("start", new XAttribute("mode", d.StartMode.ToString().ToLowerInvariant())));
        if (d.MacAddress is not null) root.Add(new XElement("mac", new XAttribute("address", AddressText.ParseMac(d.MacAddress, "-MacAddress"))));
        if (d.Mtu is { } mtu)
        {
            if (mtu < 68) throw new ArgumentException($"-Mtu {mtu} is below the smallest MTU an IPv4 link allows (68).", "-Mtu");
            root.Add(new XElement("mtu", new XAttribute("size", mtu)));
        }
        root.Add(Protocols(d));

        switch (d.Type)
        {
            case HostInterfaceType.Bridge:
                var bridge = new XElement("bridge");
                if (d.Stp is { } stp) bridge.Add(new XAttribute("stp", stp ? "on" : "off"));
                if (d.Delay is { } delay)
                {
                    if (delay < 0) throw new ArgumentException($"-Delay {delay} is negative.", "-Delay");
                    bridge.Add(new XAttribute("delay", delay.ToString("0.###", CultureInfo.InvariantCulture)));
                }
                bridge.Add(Members(d.Member));
                root.Add(bridge);
                break;
            case HostInterfaceType.Bond:
                if (d.Member.Length == 0) throw new ArgumentException("A bond needs at least one member: give -Member.", "-Member");
                if (d.BondMode is not null && Array.IndexOf(BondModes, d.BondMode) < 0)
                    throw new ArgumentException($"-BondMode '{d.BondMode}' is not one of {string.Join(", ", BondModes)}.", "-BondMode");
                var bond = new XElement("bond", d.BondMode is null ? null : new XAttribute("mode", d.BondMode));
                if (d.MiiMonitorMilliseconds is { } freq)
                {
                    if (freq < 0) throw new ArgumentException($"-MiiMonitor {freq} is negative.", "-MiiMonitor");
                    bond.Add(new XElement("miimon", new XAttribute("freq", freq)));
                }
                bond.Add(Members(d.Member));
                root.Add(bond);
                break;
            case HostInterfaceType.Vlan:
                if (d.VlanTag is not { } tag || string.IsNullOrWhiteSpace(d.VlanParent))
                    throw new ArgumentException("A VLAN needs -VlanTag and -VlanParent (the device it runs over).", "-VlanTag");
                if (tag is < 0 or > 4095) throw new ArgumentException($"-VlanTag {tag} is outside 0..4095.", "-VlanTag");
                root.Add(new XElement("vlan", new XAttribute("tag", tag), new XElement("interface", new XAttribute("name", d.VlanParent))));
                break;
        }
        return root.ToString();
    }

    private static IEnumerable<XElement> Members(string[] names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
        {
            if (string.IsNullOrWhiteSpace(n)) throw new ArgumentException("-Member names an interface with an empty name.", "-Member");
            if (!seen.Add(n)) throw new ArgumentException($"-Member names '{n}' twice.", "-Member");
            yield return new XElement("interface", new XAttribute("type", "ethernet"), new XAttribute("name", n));
        }
    }

    /// <summary>One &lt;protocol&gt; per address family that has an address, a gateway or (IPv4) DHCP.</summary>
    private static IEnumerable<XElement> Protocols(InterfaceDefinition d)
    {
        var addresses = d.IPAddress.Select(a => AddressText.ParseCidr(a, "-IPAddress")).ToList();
        var gateways = d.Gateway.Select(g => AddressText.ParseIP(g, "-Gateway")).ToList();
        foreach (bool v6 in new[] { false, true })
        {
            string family = v6 ? "ipv6" : "ipv4";
            var ips = addresses.Where(a => AddressText.IsV6(a.Address) == v6).ToList();
            var gws = gateways.Where(g => AddressText.IsV6(g) == v6).ToList();
            bool dhcp = d.Dhcp && !v6;
            if (gws.Count > 1) throw new ArgumentException($"-Gateway gives {gws.Count} {family} gateways; an interface has at most one per address family.", "-Gateway");
            if (ips.Count == 0 && gws.Count == 0 && !dhcp) continue;
            if (gws.Count == 1 && ips.Count == 0 && !dhcp)
                throw new ArgumentException($"-Gateway {gws[0]} needs an {family} address on the interface (-IPAddress{(v6 ? "" : " or -Dhcp")}).", "-Gateway");
            var p = new XElement("protocol", new XAttribute("family", family));
            if (dhcp) p.Add(new XElement("dhcp"));
            foreach (var (a, prefix) in ips) p.Add(new XElement("ip", new XAttribute("address", a.ToString()), new XAttribute("prefix", prefix)));
            if (gws.Count == 1) p.Add(new XElement("route", new XAttribute("gateway", gws[0].ToString())));
            yield return p;
        }
    }

    /// <summary>
    /// virsh iface-bridge's rewrite: the interface <paramref name="interfaceXml"/> becomes the one member of a new
    /// bridge <paramref name="bridgeName"/>, which takes over its start mode, MTU and addresses; its MAC, bond and
    /// VLAN settings move down with the member. InvalidOperationException when the interface is already a bridge.
    /// </summary>
    public static string Bridge(string interfaceXml, string bridgeName, bool stp, uint delay)
    {
        var root = Root(interfaceXml);
        string type = (string?)root.Attribute("type") ?? throw new InvalidOperationException($"The definition of '{(string?)root.Attribute("name")}' has no type.");
        string name = (string?)root.Attribute("name") ?? throw new InvalidOperationException("The interface's definition has no name.");
        if (type == "bridge") throw new InvalidOperationException($"'{name}' is already a bridge.");
        var member = new XElement("interface", new XAttribute("type", type), new XAttribute("name", name));
        foreach (var e in root.Elements().Where(MovesWithMember).ToList()) { e.Remove(); member.Add(e); }
        var bridge = new XElement("bridge", new XAttribute("stp", stp ? "on" : "off"));
        if (stp) bridge.Add(new XAttribute("delay", delay));
        bridge.Add(member);
        root.SetAttributeValue("type", "bridge");
        root.SetAttributeValue("name", bridgeName);
        root.Add(bridge);
        return root.ToString();
    }

    /// <summary>
    /// virsh iface-unbridge's rewrite: the bridge's one member becomes a stand-alone interface that takes over the
    /// bridge's start mode, MTU and addresses. InvalidOperationException when <paramref name="bridgeXml"/> is no
    /// bridge or the bridge has no member or several.
    /// </summary>
    public static (string Xml, string Name) Unbridge(string bridgeXml)
    {
        var root = Root(bridgeXml);
        string name = (string?)root.Attribute("name") ?? "";
        if ((string?)root.Attribute("type") != "bridge") throw new InvalidOperationException($"'{name}' is not a bridge.");
        var bridge = root.Element("bridge") ?? throw new InvalidOperationException($"The definition of bridge '{name}' has no <bridge> element.");
        var members = bridge.Elements("interface").ToList();
        if (members.Count != 1)
            throw new InvalidOperationException(members.Count == 0
                ? $"No interface is attached to bridge '{name}': there is nothing to take out of it."
                : $"{members.Count} interfaces are attached to bridge '{name}' ({string.Join(", ", members.Select(m => (string?)m.Attribute("name")))}); only a bridge with one member can be undone.");
        var member = members[0];
        string memberName = (string?)member.Attribute("name") ?? throw new InvalidOperationException($"The interface attached to bridge '{name}' has no name.");
        string memberType = (string?)member.Attribute("type") ?? throw new InvalidOperationException($"The interface '{memberName}' attached to bridge '{name}' has no type.");
        bridge.Remove();
        root.SetAttributeValue("type", memberType);
        root.SetAttributeValue("name", memberName);
        foreach (var e in member.Elements().Where(MovesWithMember).ToList()) { e.Remove(); root.Add(e); }
        return (root.ToString(), memberName);
    }

    private static bool MovesWithMember(XElement e) => e.Name.LocalName is "mac" or "bond" or "vlan";

    private static XElement Root(string xml)
    {
        var root = LibvirtXml.Parse(xml).Root ?? throw new FormatException("The interface XML has no root element.");
        if (root.Name.LocalName != "interface")
            throw new FormatException($"This is not an interface definition: its root element is <{root.Name.LocalName}>, not <interface>.");
        // Drop the indentation libvirt wrote, so the rewritten document is indented afresh rather than in two styles.
        root.DescendantNodes().OfType<XText>().Where(t => string.IsNullOrWhiteSpace(t.Value)).ToList().ForEach(t => t.Remove());
        return root;
    }
}
