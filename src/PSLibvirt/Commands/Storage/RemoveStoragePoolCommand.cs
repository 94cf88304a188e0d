using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Stops and undefines storage pools (virsh pool-destroy, pool-undefine); -Delete also deletes their storage (pool-delete).</summary>
[Cmdlet(VerbsCommon.Remove, "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveStoragePoolCommand : StoragePoolInputCmdlet
{
    [Parameter]
    public SwitchParameter Delete { get; set; }

    protected override void ProcessRecord() => ForEachPool(Pool, (h, handle, pool) =>
    {
        string action = Delete ? "Remove and delete the pool's storage (its directory, volume group or disk label)" : "Remove (undefine)";
        if (!ShouldProcess($"storage pool '{pool.Name}' on '{h.Name}'", action)) return;
        StorageApi.RemovePool(handle, Delete);
    });
}
