using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace PSLibvirt.Core;

/// <summary>
/// Reads the addresses users type (IP addresses, address/prefix, MAC addresses) before they go into XML, so a typo is
/// an ArgumentException naming the parameter rather than a schema error from libvirt about the whole document.
/// </summary>
internal static partial class AddressText
{
    /// <summary>An IPv4 or IPv6 address; IPAddress.TryParse alone also takes "5" (as 0.0.0.5), which nobody means.</summary>
    public static IPAddress ParseIP(string text, string what) =>
        IPAddress.TryParse(text, out var a) && (text.Contains('.') || text.Contains(':'))
            ? a : throw new ArgumentException($"{what} '{text}' is not an IP address.");

    /// <summary>"address/prefix" (or a bare address, which gets <paramref name="defaultV4"/> or <paramref name="defaultV6"/>).</summary>
    public static (IPAddress Address, int Prefix) ParseCidr(string text, string what, int defaultV4 = 24, int defaultV6 = 64)
    {
        int slash = text.IndexOf('/');
        var address = ParseIP(slash < 0 ? text : text[..slash], what);
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        int max = v6 ? 128 : 32;
        int prefix = v6 ? defaultV6 : defaultV4;
        if (slash >= 0 && !(int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, null, out prefix) && prefix >= 1 && prefix <= max))
            throw new ArgumentException($"{what} '{text}' has a prefix length that is not a number from 1 to {max}.");
        return (address, prefix);
    }

    /// <summary>A MAC address as libvirt writes it (six pairs of hex digits separated by colons), lower-cased.</summary>
    public static string ParseMac(string text, string what) =>
        MacPattern().IsMatch(text) ? text.ToLowerInvariant()
            : throw new ArgumentException($"{what} '{text}' is not a MAC address: write six pairs of hexadecimal digits separated by colons, such as 52:54:00:12:34:56.");

    [GeneratedRegex("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")]
    private static partial Regex MacPattern();

    public static bool IsV6(IPAddress a) => a.AddressFamily == AddressFamily.InterNetworkV6;
}
