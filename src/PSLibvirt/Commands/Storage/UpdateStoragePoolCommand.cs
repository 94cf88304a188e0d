using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Refreshes storage pools' volume lists from their storage (virsh pool-refresh).</summary>
[Cmdlet(VerbsData.Update, "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Name")]
[OutputType(typeof(StoragePool))]
[Targets(typeof(StoragePool), typeof(StoragePoolHandle), KeyAlias = "Pool")]
public sealed partial class UpdateStoragePoolCommand : LibvirtCmdlet
{
    /// <summary>Writes the pool once done.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Refresh")) return;
        StorageApi.RefreshPool(t.Handle);
        if (PassThru) WritePassThru(ObjectKinds.StoragePool, t);
    });
}
