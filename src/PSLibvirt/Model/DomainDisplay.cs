namespace PSLibvirt;

/// <summary>A graphical display of a running domain (Get-DomainDisplay; virsh domdisplay, vncdisplay).</summary>
public sealed class DomainDisplay
{
    /// <summary>The domain's name.</summary>
    public string Domain { get; init; } = "";
    public Hypervisor? Hypervisor { get; init; }
    /// <summary>The graphics type: vnc, spice, rdp, ...</summary>
    public string Type { get; init; } = "";
    /// <summary>The URI virsh domdisplay prints (a VNC port as its display number: vnc://127.0.0.1:0); it holds the password only with -IncludePassword.</summary>
    public string Uri { get; init; } = "";
    /// <summary>The host a client connects to: the listen address, the connection's host for a wildcard address, or localhost; empty for a socket.</summary>
    public string Host { get; init; } = "";
    /// <summary>The listen address as the XML gives it (null when none).</summary>
    public string? Listen { get; init; }
    /// <summary>The TCP port (5900 and up for VNC), or null.</summary>
    public int? Port { get; init; }
    /// <summary>The TLS port (SPICE), or null.</summary>
    public int? TlsPort { get; init; }
    /// <summary>The UNIX socket path, or null.</summary>
    public string? Socket { get; init; }
    /// <summary>The VNC display number (port - 5900), as virsh vncdisplay prints it; null for other types.</summary>
    public int? Display { get; init; }
    /// <summary>The display's password: set only with -IncludePassword (and when the display has one).</summary>
    public string? Password { get; init; }

    public override string ToString() => Uri;
}
