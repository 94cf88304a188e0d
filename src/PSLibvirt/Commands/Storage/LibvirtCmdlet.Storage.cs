using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>What the storage cmdlets share (their parameters are declared in each cmdlet).</summary>
public abstract partial class LibvirtCmdlet
{
    /// <summary>The pools of one record: -StoragePool objects when bound, else the exact names (the one rule: ResolveTargets).</summary>
    private protected List<Target<StoragePoolHandle>> ResolvePools(string[]? names, StoragePool[]? pools, Hypervisor[]? connections) =>
        ResolveTargets(ObjectKinds.StoragePool, pools is null ? names : null, pools, connections);

    /// <summary>Exactly one pool (a destination, the pool of a new volume): null, with the error written, when the input names none or several.</summary>
    private protected Target<StoragePoolHandle>? ResolveOnePool(string[]? names, StoragePool[]? pools, Hypervisor[]? connections)
    {
        var found = ResolvePools(names, pools, connections);
        if (found.Count == 1) return found[0];
        if (found.Count > 1)
        {
            foreach (var p in found) p.Dispose();
            WriteError(new System.Management.Automation.ErrorRecord(
                new ArgumentException($"{found.Count} storage pools were given where one is needed."),
                "MoreThanOneStoragePool", System.Management.Automation.ErrorCategory.InvalidArgument, pools ?? (object?)names));
        }
        return null;
    }

    /// <summary>
    /// The volumes of one record: -StorageVolume objects (each found again in its own pool on its own connection), else
    /// -Path values (a volume's path or key, unique on a host: looked up on every target connection, by the one rule),
    /// else the exact -Name names in each pool of -PoolName/-StoragePool.
    /// </summary>
    private protected List<Target<StorageVolHandle>> ResolveVolumes(string[]? names, string[]? poolNames, StoragePool[]? pools,
        StorageVolume[]? volumes, string[]? paths, Hypervisor[]? connections)
    {
        var kind = ObjectKinds.StorageVolume;
        if (volumes is not null) return ResolveChildTargets(kind, null, volumes, Array.Empty<Target<StoragePoolHandle>>(), connections: connections);
        if (paths is not null)
        {
            var targets = new List<Target<StorageVolHandle>>();
            var hosts = TargetConnections(connections);
            foreach (var path in paths)
            {
                var found = new List<Target<StorageVolHandle>>();
                bool failed = false;
                foreach (var h in hosts)
                {
                    failed |= !TryInvoke(path, () =>
                    {
                        var handle = StorageLookup.TryLookupVolumeByKeyOrPath(h.Connection, path);
                        if (handle is null) return;
                        try { found.Add(new Target<StorageVolHandle>(kind, h, handle, kind.GetKey(handle), null, path, StorageApi.PoolNameOf(handle))); }
                        catch { handle.Dispose(); throw; }
                    });
                }
                AddOne(kind, path, found, hosts, targets, failed);
            }
            return targets;
        }
        var parents = ResolvePools(poolNames, pools, connections);
        try { return ResolveChildTargets(kind, names, null, parents); }
        finally { foreach (var p in parents) p.Dispose(); }
    }
}
