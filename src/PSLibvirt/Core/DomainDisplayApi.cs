using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>A graphical display of a running domain as its live XML gives it (one &lt;graphics&gt; element).</summary>
internal sealed record GraphicsDisplay(string Type, string Uri, string Host, string? Listen, int? Port, int? TlsPort, string? Socket,
    int? Display, string? Password);

/// <summary>A console of a running domain (one &lt;console&gt; element of the live XML).</summary>
internal sealed record ConsoleDevice(string? Alias, string Type, string? TargetType, int? Port, string? Path);

/// <summary>
/// What a client needs to reach a running domain: its graphical displays (virsh domdisplay, vncdisplay), its consoles'
/// host paths (virsh ttyconsole), and its keyboard (virsh send-key).
/// </summary>
internal static class DomainDisplayApi
{
    /// <summary>
    /// The displays of the live XML <paramref name="xml"/> a client can connect to (a port, a TLS port or a socket),
    /// in document order, with the URI virsh domdisplay prints for each: scheme://host:port, where a VNC port is
    /// given as the display number (port - 5900), a wildcard listen address (0.0.0.0, ::) becomes
    /// <paramref name="connectionServer"/> (the host of the connection's URI) or localhost, an IPv6 address is
    /// bracketed, a socket gives scheme+unix://path, and ?tls-port= follows. The password (present in the XML only when
    /// it was read with VIR_DOMAIN_XML_SECURE) goes into the result and the URI only with <paramref name="includePassword"/>.
    /// </summary>
    public static IReadOnlyList<GraphicsDisplay> ParseGraphics(string xml, string? connectionServer, bool includePassword)
    {
        var root = LibvirtXml.Root(xml);
        var list = new List<GraphicsDisplay>();
        foreach (var g in root.Element("devices")?.Elements("graphics") ?? [])
        {
            string type = (string?)g.Attribute("type") ?? "";
            int port = Int(g.Attribute("port")) ?? 0, tlsPort = Int(g.Attribute("tlsPort")) ?? 0;
            var listenElement = g.Elements("listen").FirstOrDefault();
            string? socket = (string?)g.Attribute("socket");
            if (socket is null && (string?)listenElement?.Attribute("type") == "socket") socket = (string?)listenElement.Attribute("socket");
            if (port <= 0) port = 0;
            if (tlsPort <= 0) tlsPort = 0;
            if (port == 0 && tlsPort == 0 && socket is null) continue;
            string? listen = (string?)g.Attribute("listen") ?? (string?)listenElement?.Attribute("address");
            string? host = listen;
            if (listen is not null && IPAddress.TryParse(listen, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
                host = string.IsNullOrEmpty(connectionServer) ? null : connectionServer;
            host ??= "localhost";
            string? password = includePassword ? (string?)g.Attribute("passwd") : null;

            var uri = new StringBuilder();
            uri.Append(type).Append(socket is null ? "://" : "+unix://");
            if (type == "vnc" && password is not null) uri.Append(':').Append(password).Append('@');
            if (socket is not null) uri.Append(socket);
            else if (host.Contains(':')) uri.Append('[').Append(host).Append(']');
            else uri.Append(host);
            int? display = type == "vnc" && port > 0 ? port - 5900 : null;
            if (port > 0) uri.Append(':').Append((display ?? port).ToString(CultureInfo.InvariantCulture));
            if (tlsPort > 0) uri.Append("?tls-port=").Append(tlsPort.ToString(CultureInfo.InvariantCulture));
            if (type == "spice" && password is not null) uri.Append(tlsPort > 0 ? '&' : '?').Append("password=").Append(password);

            list.Add(new GraphicsDisplay(type, uri.ToString(), socket is null ? host : "", listen,
                port > 0 ? port : null, tlsPort > 0 ? tlsPort : null, socket, display, password));
        }
        return list;
    }

    /// <summary>The consoles of the live XML <paramref name="xml"/>, in document order, with their host path (a pty's /dev/pts/N).</summary>
    public static IReadOnlyList<ConsoleDevice> ParseConsoles(string xml)
    {
        var root = LibvirtXml.Root(xml);
        return (root.Element("devices")?.Elements("console") ?? []).Select(c =>
        {
            var target = c.Element("target");
            string? path = (string?)c.Element("source")?.Attribute("path") ?? (string?)c.Attribute("tty");
            return new ConsoleDevice((string?)c.Element("alias")?.Attribute("name"), (string?)c.Attribute("type") ?? "",
                (string?)target?.Attribute("type"), Int(target?.Attribute("port")), path);
        }).ToList();
    }

    /// <summary>The host part of a connection URI (qemu+ssh://host/system: host), null for a local URI.</summary>
    public static string? UriServer(string connectionUri) =>
        System.Uri.TryCreate(connectionUri, UriKind.Absolute, out var u) && !string.IsNullOrEmpty(u.Host) ? u.Host : null;

    /// <summary>Presses the keys <paramref name="codes"/> together for <paramref name="holdMilliseconds"/> (0: libvirt's default) and releases them (virDomainSendKey).</summary>
    public static unsafe void SendKeys(DomainHandle domain, KeyCodeSet codeSet, uint holdMilliseconds, uint[] codes)
    {
        if (codes.Length is 0 or > KeyNames.MaxKeysPerCombination)
            throw new ArgumentOutOfRangeException(nameof(codes), $"Between 1 and {KeyNames.MaxKeysPerCombination} keys are sent together.");
        fixed (uint* p = codes) Vir.DomainSendKey(domain, (uint)codeSet, holdMilliseconds, p, codes.Length);
    }

    private static int? Int(XAttribute? a) =>
        a is not null && int.TryParse(a.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : null;
}
