using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

[Cmdlet("Build", "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(StoragePool))]
public sealed class BuildStoragePoolCommand : StoragePoolInputCmdlet
{
    [Parameter]
    public SwitchParameter Overwrite { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachPool(Pool, (h, handle, pool) =>
    {
        if (!ShouldProcess($"storage pool '{pool.Name}' on '{h.Name}'", "Build")) return;
        StorageApi.BuildPool(handle, Overwrite);
        WritePool(PassThru, h, handle);
    });
}
