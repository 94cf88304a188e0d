using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Destroys active node devices (virsh nodedev-destroy): a transient vHBA or mdev is gone, a defined one stays defined.</summary>
[Cmdlet(VerbsLifecycle.Stop, "NodeDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[OutputType(typeof(NodeDevice))]
[Targets(typeof(NodeDevice), typeof(NodeDeviceHandle))]
public sealed partial class StopNodeDeviceCommand : LibvirtCmdlet
{
    /// <summary>Writes the device afterwards (a persistent one, now inactive; a transient one is gone and writes nothing).</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!NodeDeviceApi.IsActive(t.Handle))
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"The {t.Description} is not active."),
                "NodeDeviceNotActive", ErrorCategory.InvalidOperation, t.Input));
            return;
        }
        bool persistent = NodeDeviceApi.IsPersistent(t.Handle);
        if (!ShouldProcess(t.Description, persistent ? "Stop (destroy; the definition stays)" : "Stop (destroy; a transient device is gone afterwards)")) return;
        NodeDeviceApi.Stop(t.Handle);
        if (PassThru && persistent) WritePassThru(ObjectKinds.NodeDevice, t);
    });
}
