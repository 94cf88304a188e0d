namespace PSLibvirt;

/// <summary>Where a graphics client is in its session (virDomainEventGraphicsPhase); a future value shows as its number.</summary>
public enum DomainGraphicsPhase
{
    /// <summary>The client's socket connected.</summary>
    Connect = 0,
    /// <summary>Authentication and set-up completed.</summary>
    Initialize = 1,
    /// <summary>The client's socket closed.</summary>
    Disconnect = 2,
}

/// <summary>The family of a graphics address (virDomainEventGraphicsAddressType); a future value shows as its number.</summary>
public enum DomainGraphicsAddressFamily
{
    IPv4 = 0,
    IPv6 = 1,
    Unix = 2,
}

/// <summary>One end of a graphics connection: an IP address and port, or a UNIX socket's path (Service null).</summary>
public sealed record DomainGraphicsAddress
{
    public DomainGraphicsAddressFamily Family { get; init; }
    /// <summary>The IP address, or the UNIX socket's path.</summary>
    public string? Node { get; init; }
    /// <summary>The port (as text, as libvirt gives it); null for a UNIX socket.</summary>
    public string? Service { get; init; }

    /// <summary>As virsh event prints it: "IPv4 127.0.0.1 5900".</summary>
    public override string ToString() => string.Join(' ', new[] { Family.ToString(), Node, Service }.Where(s => !string.IsNullOrEmpty(s)));
}

/// <summary>One identity of a graphics client (an x509 distinguished name, a SASL user name, ...).</summary>
/// <param name="Type">libvirt's identity type ("x509dname", "saslUsername", ...).</param>
/// <param name="Name">The identity.</param>
public sealed record DomainGraphicsIdentity(string Type, string Name)
{
    public override string ToString() => $"{Type}={Name}";
}

/// <summary>
/// What a Graphics domain event says (virConnectDomainEventGraphicsCallback): a VNC or SPICE client connected,
/// finished authentication, or disconnected.
/// </summary>
public sealed record DomainGraphicsEventInfo
{
    public DomainGraphicsPhase Phase { get; init; }
    /// <summary>The guest's end: the address and port the graphics server listens on.</summary>
    public DomainGraphicsAddress? Local { get; init; }
    /// <summary>The client's end.</summary>
    public DomainGraphicsAddress? Remote { get; init; }
    /// <summary>The authentication scheme (none, vnc, sasl, ...).</summary>
    public string? AuthScheme { get; init; }
    /// <summary>Who the client authenticated as (empty before authentication or without it).</summary>
    public IReadOnlyList<DomainGraphicsIdentity> Subject { get; init; } = Array.Empty<DomainGraphicsIdentity>();

    /// <summary>As virsh event prints it: "Connect local[IPv4 127.0.0.1 5900] remote[IPv4 127.0.0.1 50340] none".</summary>
    public override string ToString()
    {
        string text = $"{Phase} local[{Local}] remote[{Remote}] {AuthScheme}";
        return Subject.Count == 0 ? text : $"{text} {string.Join(' ', Subject)}";
    }
}
