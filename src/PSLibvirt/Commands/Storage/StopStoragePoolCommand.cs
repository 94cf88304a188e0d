using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Stops (deactivates) storage pools (virsh pool-destroy); the data stays.</summary>
[Cmdlet(VerbsLifecycle.Stop, "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Name")]
[OutputType(typeof(StoragePool))]
[Targets(typeof(StoragePool), typeof(StoragePoolHandle), KeyAlias = "Pool")]
public sealed partial class StopStoragePoolCommand : LibvirtCmdlet
{
    /// <summary>Writes the pool once done.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Stop (deactivate)")) return;
        bool transient = !StorageApi.IsPersistent(t.Handle);
        StorageApi.StopPool(t.Handle);
        // A transient pool no longer exists once stopped: there is nothing to pass through.
        if (transient)
        {
            WriteVerbose($"The transient {t.Description} is gone now that it is stopped.");
            return;
        }
        if (PassThru) WritePassThru(ObjectKinds.StoragePool, t);
    });
}
