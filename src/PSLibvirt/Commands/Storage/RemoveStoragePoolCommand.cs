using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Stops and undefines storage pools (virsh pool-destroy, pool-undefine); -Delete also deletes their storage (pool-delete).</summary>
[Cmdlet(VerbsCommon.Remove, "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[Targets(typeof(StoragePool), typeof(StoragePoolHandle), KeyAlias = "Pool")]
public sealed partial class RemoveStoragePoolCommand : LibvirtCmdlet
{
    /// <summary>Also delete the pool's storage (its directory, volume group or disk label).</summary>
    [Parameter] public SwitchParameter Delete { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        string action = Delete ? "Remove and delete the pool's storage (its directory, volume group or disk label)" : "Remove (undefine)";
        if (!ShouldProcess(t.Description, action)) return;
        StorageApi.RemovePool(t.Handle, Delete);
    });
}
