using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

[Cmdlet(VerbsData.Update, "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(StoragePool))]
public sealed class UpdateStoragePoolCommand : StoragePoolInputCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachPool(Pool, (h, handle, pool) =>
    {
        if (!ShouldProcess($"storage pool '{pool.Name}' on '{h.Name}'", "Refresh")) return;
        StorageApi.RefreshPool(handle);
        WritePool(PassThru, h, handle);
    });
}
