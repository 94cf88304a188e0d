using System;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists storage volumes of pools, or finds volumes by path or key (virsh vol-list, vol-info, vol-path, vol-key).</summary>
[Cmdlet(VerbsCommon.Get, "StorageVolume", DefaultParameterSetName = "Pool")]
[OutputType(typeof(StorageVolume))]
public sealed class GetStorageVolumeCommand : StoragePoolCmdlet
{
    [Parameter(ParameterSetName = "Pool", Position = 0, ValueFromPipeline = true)]
    [Parameter(ParameterSetName = ConnectionSet, Position = 0)]
    [StoragePoolTransformation]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public StoragePool[]? Pool { get; set; }

    [Parameter(ParameterSetName = "Pool", Position = 1)]
    [Parameter(ParameterSetName = ConnectionSet, Position = 1)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.StorageVolumeNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter(ParameterSetName = "Path", Mandatory = true)]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = "Key", Mandatory = true)]
    public string[] Key { get; set; } = Array.Empty<string>();

    /// <summary>Also takes Hypervisor objects from the pipeline (Get-Hypervisor | Get-StorageVolume), in a set of their own.</summary>
    [Parameter(ParameterSetName = "Pool")]
    [Parameter(ParameterSetName = "Path")]
    [Parameter(ParameterSetName = "Key")]
    [Parameter(ParameterSetName = ConnectionSet, Mandatory = true, ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public override Hypervisor[]? Connection { get; set; }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case "Path":
                foreach (var h in TargetConnections)
                    foreach (var p in Path)
                        TryInvoke(p, () =>
                        {
                            using var v = StorageApi.LookupVolumeByPath(h.Connection, p);
                            WriteObject(StorageApi.SnapshotVolume(v, null, h));
                        });
                return;
            case "Key":
                foreach (var h in TargetConnections)
                    foreach (var k in Key)
                        TryInvoke(k, () =>
                        {
                            using var v = StorageApi.LookupVolumeByKey(h.Connection, k);
                            WriteObject(StorageApi.SnapshotVolume(v, null, h));
                        });
                return;
        }

        var pools = Pool is { Length: > 0 } ? ResolvePools(Pool) : AllActivePools();
        foreach (var (h, pool) in pools)
        {
            TryInvoke(pool, () =>
            {
                using var ph = StorageApi.OpenPool(h.Connection, pool);
                if (!StorageApi.IsActive(ph))
                {
                    if (Pool is { Length: > 0 })
                        WriteError(new ErrorRecord(
                            new InvalidOperationException($"Storage pool '{pool.Name}' is not active: start it (Start-StoragePool {pool.Name}) to list its volumes."),
                            "StoragePoolNotActive", ErrorCategory.InvalidOperation, pool));
                    return;
                }
                var volumes = StorageApi.ListVolumes(ph, pool.Name, h);
                if (Name is not { Length: > 0 })
                {
                    WriteObject(volumes, enumerateCollection: true);
                    return;
                }
                foreach (var n in Name)
                {
                    bool wildcard = WildcardPattern.ContainsWildcardCharacters(n);
                    var pattern = WildcardPattern.Get(n, WildcardOptions.IgnoreCase);
                    var matches = volumes.Where(v => wildcard ? pattern.IsMatch(v.Name) : v.Name == n).ToList();
                    if (matches.Count == 0 && !wildcard)
                        WriteError(new ErrorRecord(
                            new ItemNotFoundException($"There is no volume named '{n}' in storage pool '{pool.Name}'."),
                            "StorageVolumeNotFound", ErrorCategory.ObjectNotFound, n));
                    WriteObject(matches, enumerateCollection: true);
                }
            });
        }
    }

    private System.Collections.Generic.IEnumerable<(Hypervisor, StoragePool)> AllActivePools()
    {
        foreach (var h in TargetConnections)
        {
            System.Collections.Generic.List<StoragePool>? pools = null;
            if (!TryInvoke(h, () => pools = StorageApi.ListPools(h.Connection, h, active: true))) continue;
            foreach (var p in pools!) yield return (h, p);
        }
    }
}
