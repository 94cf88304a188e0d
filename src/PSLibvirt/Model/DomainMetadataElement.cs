namespace PSLibvirt;

/// <summary>
/// One application's element in a domain's &lt;metadata&gt; (virsh metadata --uri): libvirt keeps it for the
/// application, one element per namespace URI, and never interprets it.
/// </summary>
public sealed class DomainMetadataElement
{
    /// <summary>The name of the domain.</summary>
    public string Domain { get; init; } = "";
    public Guid DomainUuid { get; init; }
    /// <summary>The element's namespace URI: what identifies it.</summary>
    public string Uri { get; init; } = "";
    /// <summary>The namespace prefix libvirt stores the element with (virsh metadata --key).</summary>
    public string? Key { get; init; }
    /// <summary>The element's XML without its namespace, as virsh metadata --uri writes it.</summary>
    public string Xml { get; init; } = "";
    /// <summary>True when read from the persistent definition, false when from the running domain's.</summary>
    public bool Inactive { get; init; }
    /// <summary>The connection the domain came from.</summary>
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => Uri;
}
