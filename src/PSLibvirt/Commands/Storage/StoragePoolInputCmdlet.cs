using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>A cmdlet that acts on the pools given as its first argument or from the pipeline (objects or names).</summary>
public abstract class StoragePoolInputCmdlet : StoragePoolCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [StoragePoolTransformation]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public StoragePool[] Pool { get; set; } = Array.Empty<StoragePool>();

    /// <summary>Writes a fresh snapshot of the pool when <paramref name="passThru"/> is set.</summary>
    protected void WritePool(bool passThru, Hypervisor hypervisor, Handles.StoragePoolHandle handle)
    {
        if (passThru) WriteObject(StorageApi.SnapshotPool(handle, hypervisor));
    }
}
