namespace PSLibvirt;

/// <summary>
/// A snapshot of one libvirt network filter (virsh nwfilter-list, nwfilter-dumpxml): firewall rules that domain
/// interfaces reference, keyed by its <see cref="Name"/> on the <see cref="Hypervisor"/> it came from.
/// </summary>
public sealed class NetworkFilter
{
    /// <summary>The filter's name (clean-traffic, no-ip-spoofing).</summary>
    public string Name { get; init; } = "";
    /// <summary>Its UUID.</summary>
    public Guid Uuid { get; init; }
    /// <summary>The chain its rules go in (root, mac, ipv4, ipv6, arp, rarp, or a name with one of those prefixes); null when the XML gives none (root).</summary>
    public string? Chain { get; init; }
    /// <summary>The chain's priority among the root chain's (-1000 to 1000); null when the XML gives none (the chain's default).</summary>
    public int? Priority { get; init; }
    /// <summary>How many &lt;rule&gt; elements the filter has (not counting those of the filters it references).</summary>
    public int RuleCount { get; init; }
    /// <summary>The names of the filters it references (&lt;filterref filter='...'&gt;), in document order.</summary>
    public string[] References { get; init; } = Array.Empty<string>();
    /// <summary>The connection this snapshot came from.</summary>
    public Hypervisor? Hypervisor { get; init; }
    public string? Hostname => Hypervisor?.Hostname;

    public override string ToString() => Name;
}
