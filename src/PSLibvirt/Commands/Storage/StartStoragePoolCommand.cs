using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

[Cmdlet(VerbsLifecycle.Start, "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(StoragePool))]
public sealed class StartStoragePoolCommand : StoragePoolInputCmdlet
{
    [Parameter]
    public SwitchParameter Build { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachPool(Pool, (h, handle, pool) =>
    {
        if (!ShouldProcess($"storage pool '{pool.Name}' on '{h.Name}'", "Start")) return;
        StorageApi.StartPool(handle, Build);
        WritePool(PassThru, h, handle);
    });
}
