using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Starts (activates) storage pools (virsh pool-start).</summary>
[Cmdlet(VerbsLifecycle.Start, "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Name")]
[OutputType(typeof(StoragePool))]
[Targets(typeof(StoragePool), typeof(StoragePoolHandle), KeyAlias = "Pool")]
public sealed partial class StartStoragePoolCommand : LibvirtCmdlet
{
    /// <summary>Build the pool's storage first (pool-start --build).</summary>
    [Parameter] public SwitchParameter Build { get; set; }

    /// <summary>Writes the pool once done.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Start")) return;
        StorageApi.StartPool(t.Handle, Build);
        if (PassThru) WritePassThru(ObjectKinds.StoragePool, t);
    });
}
