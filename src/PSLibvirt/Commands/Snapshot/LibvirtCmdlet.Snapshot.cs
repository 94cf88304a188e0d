using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>What the snapshot cmdlets share (their parameters are declared in each cmdlet).</summary>
public abstract partial class LibvirtCmdlet
{
    /// <summary>
    /// Runs <paramref name="action"/> for each snapshot of the record: the piped DomainSnapshot objects (each in its own
    /// domain, found by UUID on its own connection), or the snapshots named by <paramref name="names"/> in each domain of
    /// -DomainName/-Domain (resolved by the one rule). A snapshot that does not exist is DomainSnapshotNotFound; each
    /// failure is non-terminating and the next snapshot is processed.
    /// </summary>
    private protected void ForEachSnapshot(DomainSnapshot[]? snapshots, string[]? names, string[]? domainNames, Domain[]? domains,
        Hypervisor[]? connection, Action<Target<DomainSnapshotHandle>> action)
    {
        if (snapshots is not null)
        {
            ForEachTarget(ResolveChildTargets(ObjectKinds.DomainSnapshot, null, snapshots, Array.Empty<Target<DomainHandle>>(), connections: connection), action);
            return;
        }
        var parents = ResolveDomains(domainNames, domains, connection);
        try { ForEachTarget(ResolveChildTargets(ObjectKinds.DomainSnapshot, names, null, parents), action); }
        finally { foreach (var p in parents) p.Dispose(); }
    }

    /// <summary>Writes a fresh snapshot of the snapshot's domain (Restore-DomainSnapshot -PassThru).</summary>
    private protected void WriteDomainOf(Target<DomainSnapshotHandle> t)
    {
        var d = t.ParentUuid is Guid u ? DomainApi.TryLookupByUuid(t.Connection, u) : DomainApi.TryLookupByName(t.Connection, t.ParentKey!);
        if (d is null) return;
        using (d) WriteObject(DomainApi.GetDomain(d, t.Connection, t.Hypervisor));
    }
}
