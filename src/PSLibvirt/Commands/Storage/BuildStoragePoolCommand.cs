using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Builds storage pools' underlying storage (virsh pool-build): makes the directory, formats the disk or volume group.</summary>
[Cmdlet("Build", "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Name")]
[OutputType(typeof(StoragePool))]
[Targets(typeof(StoragePool), typeof(StoragePoolHandle), KeyAlias = "Pool")]
public sealed partial class BuildStoragePoolCommand : LibvirtCmdlet
{
    /// <summary>Overwrite existing data (pool-build --overwrite); without it, building over data fails.</summary>
    [Parameter] public SwitchParameter Overwrite { get; set; }

    /// <summary>Writes the pool once done.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Build")) return;
        StorageApi.BuildPool(t.Handle, Overwrite);
        if (PassThru) WritePassThru(ObjectKinds.StoragePool, t);
    });
}
