using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;

namespace PSLibvirt.Core;

/// <summary>The parameters of a simple virtual network (New-Network without -Xml).</summary>
internal sealed class NetworkDefinition
{
    public string Name { get; set; } = "";
    /// <summary>The host bridge to create; null lets libvirt pick virbrN.</summary>
    public string? Bridge { get; set; }
    /// <summary>The host's address on the network; null: no &lt;ip&gt; (and no DHCP).</summary>
    public string? IPAddress { get; set; }
    public int? PrefixLength { get; set; }
    public string? DhcpStart { get; set; }
    public string? DhcpEnd { get; set; }
    /// <summary>nat, route or none (isolated: no &lt;forward&gt;).</summary>
    public string ForwardMode { get; set; } = "nat";
}

/// <summary>Writes network XML from a <see cref="NetworkDefinition"/> (what virsh users write by hand for net-define).</summary>
internal static class NetworkXml
{
    /// <summary>The network XML; ArgumentException for inconsistent parameters (libvirt checks the rest when defining).</summary>
    public static string Build(NetworkDefinition d)
    {
        if (string.IsNullOrWhiteSpace(d.Name)) throw new ArgumentException("A network needs a name.", nameof(d.Name));
        var root = new XElement("network", new XElement("name", d.Name));
        string mode = (d.ForwardMode ?? "nat").ToLowerInvariant();
        switch (mode)
        {
            case "nat":
            case "route":
                root.Add(new XElement("forward", new XAttribute("mode", mode)));
                break;
            case "none":
            case "isolated":
                break;
            default:
                throw new ArgumentException($"'{d.ForwardMode}' is not a forward mode New-Network writes: use nat, route or none (isolated). Other modes need -Xml.", nameof(d.ForwardMode));
        }
        if (!string.IsNullOrEmpty(d.Bridge)) root.Add(new XElement("bridge", new XAttribute("name", d.Bridge), new XAttribute("stp", "on"), new XAttribute("delay", "0")));

        bool dhcp = d.DhcpStart is not null || d.DhcpEnd is not null;
        if (d.IPAddress is null)
        {
            if (dhcp) throw new ArgumentException("A DHCP range needs the network's own address: add -IPAddress (and -PrefixLength).", nameof(d.DhcpStart));
            if (d.PrefixLength is not null) throw new ArgumentException("-PrefixLength needs -IPAddress.", nameof(d.PrefixLength));
            if (mode == "route") throw new ArgumentException("A routed network needs an address: add -IPAddress and -PrefixLength.", nameof(d.IPAddress));
            return root.ToString();
        }
        var address = AddressText.ParseIP(d.IPAddress, "-IPAddress");
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        int max = v6 ? 128 : 32;
        int prefix = d.PrefixLength ?? (v6 ? 64 : 24);
        if (prefix < 1 || prefix > max) throw new ArgumentException($"-PrefixLength {prefix} is out of range for {(v6 ? "IPv6" : "IPv4")} (1..{max}).", nameof(d.PrefixLength));
        var ip = new XElement("ip", new XAttribute("address", address.ToString()), new XAttribute("prefix", prefix));
        if (v6) ip.Add(new XAttribute("family", "ipv6"));
        if (dhcp)
        {
            if (d.DhcpStart is null || d.DhcpEnd is null) throw new ArgumentException("A DHCP range needs both -DhcpStart and -DhcpEnd.", nameof(d.DhcpStart));
            var start = AddressText.ParseIP(d.DhcpStart, "-DhcpStart");
            var end = AddressText.ParseIP(d.DhcpEnd, "-DhcpEnd");
            foreach (var (a, what) in new[] { (start, "-DhcpStart"), (end, "-DhcpEnd") })
            {
                if (a.AddressFamily != address.AddressFamily) throw new ArgumentException($"{what} {a} is not of the same address family as -IPAddress {address}.", nameof(d.DhcpStart));
                if (!SameSubnet(address, a, prefix)) throw new ArgumentException($"{what} {a} is outside the network {address}/{prefix}.", nameof(d.DhcpStart));
            }
            if (Compare(start, end) > 0) throw new ArgumentException($"-DhcpStart {start} comes after -DhcpEnd {end}.", nameof(d.DhcpStart));
            ip.Add(new XElement("dhcp", new XElement("range", new XAttribute("start", start.ToString()), new XAttribute("end", end.ToString()))));
        }
        root.Add(ip);
        return root.ToString();
    }

    private static bool SameSubnet(IPAddress a, IPAddress b, int prefix)
    {
        byte[] x = a.GetAddressBytes(), y = b.GetAddressBytes();
        for (int i = 0; i < x.Length; i++)
        {
            int bits = Math.Clamp(prefix - i * 8, 0, 8);
            byte mask = (byte)(0xFF << (8 - bits));
            if ((x[i] & mask) != (y[i] & mask)) return false;
        }
        return true;
    }

    private static int Compare(IPAddress a, IPAddress b)
    {
        byte[] x = a.GetAddressBytes(), y = b.GetAddressBytes();
        for (int i = 0; i < x.Length; i++) if (x[i] != y[i]) return x[i].CompareTo(y[i]);
        return 0;
    }
}
