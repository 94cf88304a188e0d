using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSLibvirt.Services;
using PSLibvirt.Core;


namespace PSLibvirt.Completers;

/// <summary>
/// Completes the names of one kind's objects from the connections already open (-Connection when typed, else the
/// default one), one list call per connection, never opening one. For a kind inside another (volumes, snapshots) the
/// parents are the ones bound to the named parameters (names or objects), else every parent.
/// </summary>
internal abstract class ObjectNameCompleter : IArgumentCompleter
{
    private readonly ObjectKind _kind;
    private readonly string[] _parentParameters;

    protected ObjectNameCompleter(ObjectKind kind, params string[] parentParameters)
    {
        _kind = kind;
        _parentParameters = parentParameters;
    }

    /// <summary>A tooltip from the object itself; null lists keys only (cheaper) and shows where each is.</summary>
    protected virtual string? Describe(object item) => null;

    /// <summary>True when <see cref="Describe"/> needs the objects, not only their keys.</summary>
    protected virtual bool DescribesObjects => false;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(CompleterConnections.Safe(() =>
            CompleterConnections.From(fakeBoundParameters).SelectMany(h => Items(h, fakeBoundParameters))
                .GroupBy(i => i.Item1).Select(g => g.First())), wordToComplete);

    private IEnumerable<(string, string)> Items(Hypervisor h, IDictionary fakeBoundParameters)
    {
        if (_kind.Parent is null) return Keys(h, null, h.Name);
        var bound = BoundParents(fakeBoundParameters);
        var parents = bound.Count > 0 ? bound : _kind.Parent.ListKeys(h);
        return parents.SelectMany(p =>
        {
            try { return Keys(h, p, p).ToList(); }
            catch (ObjectNotFoundException) { return new List<(string, string)>(); }
            catch (LibvirtException) { return new List<(string, string)>(); } // an inactive pool, a parent gone meanwhile
        });
    }

    private IEnumerable<(string, string)> Keys(Hypervisor h, string? parent, string where) =>
        DescribesObjects
            ? _kind.ListItems(h, parent).Select(x => (_kind.IdentityOf(x).Key, Describe(x) ?? $"{_kind.IdentityOf(x).Key} ({where})"))
            : _kind.ListKeys(h, parent).Select(k => (k, $"{k} ({where})"));

    private IReadOnlyList<string> BoundParents(IDictionary fakeBoundParameters) =>
        CompleterConnections.BoundNames(fakeBoundParameters, _parentParameters,
            o => o.GetType() == _kind.Parent!.ModelType ? _kind.Parent.IdentityOf(o).Key : null);
}

/// <summary>Completes domain names.</summary>
internal sealed class DomainNameCompleter : ObjectNameCompleter
{
    public DomainNameCompleter() : base(ObjectKinds.Domain) { }
}

/// <summary>Completes network names, with state, forward mode and bridge as tooltips.</summary>
internal sealed class NetworkNameCompleter : ObjectNameCompleter
{
    public NetworkNameCompleter() : base(ObjectKinds.Network) { }
    protected override bool DescribesObjects => true;
    protected override string? Describe(object item) => item is Network n
        ? $"{n.Name} ({(n.Active ? "active" : "inactive")}, {n.ForwardMode}{(n.Bridge is null ? "" : ", " + n.Bridge)})" : null;
}

/// <summary>Completes storage pool names, with type and state as tooltips.</summary>
internal sealed class StoragePoolNameCompleter : ObjectNameCompleter
{
    public StoragePoolNameCompleter() : base(ObjectKinds.StoragePool) { }
    protected override bool DescribesObjects => true;
    protected override string? Describe(object item) => item is StoragePool p ? $"{p.Name} ({p.Type}, {p.State})" : null;
}

/// <summary>Completes volume names of the pool bound to -Pool (or of every pool), with pool and size as tooltips.</summary>
internal sealed class StorageVolumeNameCompleter : ObjectNameCompleter
{
    public StorageVolumeNameCompleter() : base(ObjectKinds.StorageVolume, "PoolName", "Pool", "StoragePool") { }
    protected override bool DescribesObjects => true;
    protected override string? Describe(object item) => item is StorageVolume v ? $"{v.Name} ({v.Pool}, {ByteSize.Format(v.CapacityBytes)})" : null;
}

/// <summary>Completes snapshot names of the domains bound to -DomainName or -Domain (else of every domain).</summary>
internal sealed class DomainSnapshotNameCompleter : ObjectNameCompleter
{
    public DomainSnapshotNameCompleter() : base(ObjectKinds.DomainSnapshot, "DomainName", "Domain") { }
}

/// <summary>Completes checkpoint names of the domains bound to -DomainName or -Domain (else of every domain).</summary>
internal sealed class DomainCheckpointNameCompleter : ObjectNameCompleter
{
    public DomainCheckpointNameCompleter() : base(ObjectKinds.DomainCheckpoint, "DomainName", "Domain") { }
}

/// <summary>Completes secret UUIDs, with usage type and usage ID as tooltips (never the value).</summary>
internal sealed class SecretUuidCompleter : ObjectNameCompleter
{
    public SecretUuidCompleter() : base(ObjectKinds.Secret) { }
    protected override bool DescribesObjects => true;
    protected override string? Describe(object item) => item is Secret s ? $"{s.Uuid:D} ({s.UsageType}{(s.UsageId is null ? "" : " " + s.UsageId)})" : null;
}

/// <summary>Completes node device names, with type and vendor/product or interface as tooltips.</summary>
internal sealed class NodeDeviceNameCompleter : ObjectNameCompleter
{
    public NodeDeviceNameCompleter() : base(ObjectKinds.NodeDevice) { }
    protected override bool DescribesObjects => true;
    protected override string? Describe(object item) => item is NodeDevice d
        ? $"{d.Name} ({d.Type}{(d.Product is null ? "" : ": " + d.Vendor + " " + d.Product)}{(d.Interface is null ? "" : ": " + d.Interface)})" : null;
}

/// <summary>Completes host interface names, with type, state and MAC address as tooltips.</summary>
internal sealed class HostInterfaceNameCompleter : ObjectNameCompleter
{
    public HostInterfaceNameCompleter() : base(ObjectKinds.HostInterface) { }
    protected override bool DescribesObjects => true;
    protected override string? Describe(object item) => item is HostInterface i
        ? $"{i.Name} ({i.Type}, {(i.Active ? "active" : "inactive")}{(i.MacAddress is null ? "" : ", " + i.MacAddress)})" : null;
}

/// <summary>Completes network filter names, with chain and rule count as tooltips.</summary>
internal sealed class NetworkFilterNameCompleter : ObjectNameCompleter
{
    public NetworkFilterNameCompleter() : base(ObjectKinds.NetworkFilter) { }
    protected override bool DescribesObjects => true;
    protected override string? Describe(object item) => item is NetworkFilter f
        ? $"{f.Name} ({f.Chain ?? "root"}, {f.RuleCount} rule{(f.RuleCount == 1 ? "" : "s")}{(f.References.Length == 0 ? "" : ", references " + string.Join(", ", f.References))})" : null;
}

/// <summary>Completes network filter bindings' port device names, with owner and filter as tooltips.</summary>
internal sealed class NetworkFilterBindingNameCompleter : ObjectNameCompleter
{
    public NetworkFilterBindingNameCompleter() : base(ObjectKinds.NetworkFilterBinding) { }
    protected override bool DescribesObjects => true;
    protected override string? Describe(object item) => item is NetworkFilterBinding b
        ? $"{b.PortDevice} ({b.FilterName} for {b.OwnerName ?? "?"}{(b.MacAddress is null ? "" : ", " + b.MacAddress)})" : null;
}

/// <summary>Completes the port UUIDs of the networks bound to -NetworkName or -Network (else of every network), with owner and MAC as tooltips.</summary>
internal sealed class NetworkPortUuidCompleter : ObjectNameCompleter
{
    public NetworkPortUuidCompleter() : base(ObjectKinds.NetworkPort, "NetworkName", "Network") { }
    protected override bool DescribesObjects => true;
    protected override string? Describe(object item) => item is NetworkPort p ? $"{p.Uuid:D} ({p.Network}: {p.OwnerName} {p.MacAddress})" : null;
}
