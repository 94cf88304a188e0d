using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists storage volumes of pools, or finds volumes by path or key (virsh vol-list, vol-info, vol-path, vol-key).</summary>
[Cmdlet(VerbsCommon.Get, "StorageVolume", DefaultParameterSetName = PoolNameSet)]
[OutputType(typeof(StorageVolume))]
public sealed class GetStorageVolumeCommand : LibvirtCmdlet
{
    private const string PoolNameSet = "PoolName";
    private const string StoragePoolSet = "StoragePool";
    private const string InputObjectSet = "InputObject";

    /// <summary>Names of the pools whose volumes to list; wildcards allowed (default: every active pool).</summary>
    [Parameter(Position = 0, ParameterSetName = PoolNameSet, ValueFromPipeline = true)]
    [Parameter(Position = 0, ParameterSetName = InputObjectSet)]
    [Alias("Pool")]
    [SupportsWildcards]
    [ObjectNameTransformation(typeof(StoragePool), AllowHypervisor = true, ObjectsAsNames = true)]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public string[]? PoolName { get; set; }

    /// <summary>Pool objects (Get-StoragePool) whose volumes to list, each on its own connection.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StoragePoolSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    [ObjectReferenceTransformation(typeof(StoragePool), AllowHypervisor = true)]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public StoragePool[]? StoragePool { get; set; }

    /// <summary>Volume names; wildcards allowed. Exact names that match nothing in a pool are errors.</summary>
    [Parameter(Position = 1, ParameterSetName = PoolNameSet)]
    [Parameter(Position = 1, ParameterSetName = StoragePoolSet)]
    [Parameter(Position = 1, ParameterSetName = InputObjectSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.StorageVolumeNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Volume paths (virsh vol-info --pool-less), looked up on every target connection.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Volume keys, looked up on every target connection.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Key")]
    [ValidateNotNullOrEmpty]
    public string[]? Key { get; set; }

    /// <summary>The connections to list (default: the default connection).</summary>
    [Parameter(ParameterSetName = PoolNameSet)]
    [Parameter(ParameterSetName = "Path")]
    [Parameter(ParameterSetName = "Key")]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Hypervisor objects from the pipeline (Get-Hypervisor | Get-StorageVolume): the volumes of their pools are listed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public Hypervisor[]? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        if (Path is not null || Key is not null)
        {
            foreach (var h in TargetConnections(Connection))
            {
                foreach (var p in Path ?? Array.Empty<string>())
                    TryInvoke(p, () => { using var v = StorageApi.LookupVolumeByPath(h.Connection, p); WriteObject(StorageApi.SnapshotVolume(v, null, h)); });
                foreach (var k in Key ?? Array.Empty<string>())
                    TryInvoke(k, () => { using var v = StorageApi.LookupVolumeByKey(h.Connection, k); WriteObject(StorageApi.SnapshotVolume(v, null, h)); });
            }
            return;
        }

        bool named = StoragePool is not null || PoolName is { Length: > 0 };
        // Pools given as objects, and by name (-PoolName, or names given to -StoragePool).
        var (poolObjects, poolNames) = StoragePool is null ? (new List<StoragePool>(), PoolName?.ToList() ?? new List<string>()) : SplitReferences(StoragePool);
        IEnumerable<StoragePool> pools = poolObjects;
        if (StoragePool is null || poolNames.Count > 0)
        {
            var hosts = TargetConnections(InputObject is { Length: > 0 } ? InputObject : Connection);
            var list = (Hypervisor h) => (IReadOnlyList<StoragePool>)StorageApi.ListPools(h.Connection, h, named ? null : true);
            pools = pools.Concat(ListMatching(ObjectKinds.StoragePool, poolNames.Count > 0 ? poolNames.ToArray() : null, hosts, list));
        }
        var patterns = ValidPatterns(Name ?? Array.Empty<string>());
        foreach (var pool in pools)
        {
            var h = pool.Hypervisor ?? TargetConnections(Connection)[0];
            TryInvoke(pool, () =>
            {
                using var ph = ObjectKinds.StoragePool.TryLookupByUuid!(h.Connection, pool.Uuid) ?? throw new ObjectNotFoundException(ObjectKinds.StoragePool, pool.Name, h);
                if (!StorageApi.IsActive(ph))
                {
                    if (named)
                        WriteError(new ErrorRecord(
                            new InvalidOperationException($"Storage pool '{pool.Name}' on '{h.Name}' is not active: start it (Start-StoragePool {pool.Name}) to list its volumes."),
                            "StoragePoolNotActive", ErrorCategory.InvalidOperation, pool));
                    return;
                }
                var volumes = StorageApi.ListVolumes(ph, pool.Name, h);
                if (Name is not { Length: > 0 })
                {
                    WriteObject(volumes, enumerateCollection: true);
                    return;
                }
                foreach (var v in volumes)
                    if (Name.Contains(v.Name, StringComparer.Ordinal) || patterns.Any(p => p.IsMatch(v.Name))) WriteObject(v);
                foreach (var n in Name)
                    if (!WildcardPattern.ContainsWildcardCharacters(n) && !volumes.Any(v => v.Name == n))
                        WriteNotFound(ObjectKinds.StorageVolume, n, n, h, $"storage pool '{pool.Name}'");
            });
        }
    }
}
