namespace PSLibvirt;

/// <summary>
/// A snapshot of one network filter binding (virsh nwfilter-binding-list, nwfilter-binding-dumpxml): a network filter
/// applied to one port device, keyed by that device's name (<see cref="Name"/>, also <see cref="PortDevice"/>) on the <see cref="Hypervisor"/>
/// it came from. libvirt creates one for each domain interface with a &lt;filterref&gt; while the domain runs.
/// </summary>
public sealed class NetworkFilterBinding
{
    /// <summary>
    /// The binding's key, the name of the port device the filter applies to (vnet0). Named Name, as every name-keyed
    /// kind's key is, so -Name, piped names and Import-Csv rows resolve bindings as they do other objects.
    /// </summary>
    public string Name { get; init; } = "";
    /// <summary>The port device the filter applies to: the same as <see cref="Name"/>, under virsh's word for it.</summary>
    public string PortDevice => Name;
    /// <summary>The port's MAC address; null when the XML gives none.</summary>
    public string? MacAddress { get; init; }
    /// <summary>The name of the domain owning the port.</summary>
    public string? OwnerName { get; init; }
    /// <summary>The UUID of the domain owning the port; null when the XML gives none.</summary>
    public Guid? OwnerUuid { get; init; }
    /// <summary>The network filter applied (clean-traffic).</summary>
    public string? FilterName { get; init; }
    /// <summary>The filter's parameters (&lt;parameter name value&gt;) in document order; a name given more than once maps to a string array.</summary>
    public System.Collections.Specialized.OrderedDictionary Parameters { get; init; } = new();
    /// <summary>The connection this snapshot came from.</summary>
    public Hypervisor? Hypervisor { get; init; }
    public string? Hostname => Hypervisor?.Hostname;

    public override string ToString() => Name;
}
