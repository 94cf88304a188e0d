using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

[Cmdlet(VerbsLifecycle.Stop, "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(StoragePool))]
public sealed class StopStoragePoolCommand : StoragePoolInputCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachPool(Pool, (h, handle, pool) =>
    {
        if (!ShouldProcess($"storage pool '{pool.Name}' on '{h.Name}'", "Stop (deactivate)")) return;
        bool transient = !StorageApi.IsPersistent(handle);
        StorageApi.StopPool(handle);
        // A transient pool no longer exists once stopped: there is nothing to pass through.
        if (transient)
        {
            WriteVerbose($"The transient storage pool '{pool.Name}' is gone now that it is stopped.");
            return;
        }
        WritePool(PassThru, h, handle);
    });
}
