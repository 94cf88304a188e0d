using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Starts defined, inactive node devices (virsh nodedev-start: a defined mediated device is created).</summary>
[Cmdlet(VerbsLifecycle.Start, "NodeDevice", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(NodeDevice))]
[Targets(typeof(NodeDevice), typeof(NodeDeviceHandle))]
public sealed partial class StartNodeDeviceCommand : LibvirtCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (NodeDeviceApi.IsActive(t.Handle))
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"The {t.Description} is already active."),
                "NodeDeviceAlreadyActive", ErrorCategory.InvalidOperation, t.Input));
            return;
        }
        if (!ShouldProcess(t.Description, "Start")) return;
        NodeDeviceApi.Start(t.Handle);
        if (PassThru) WritePassThru(ObjectKinds.NodeDevice, t);
    });
}
