using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Resets PCI devices (virsh nodedev-reset): whatever uses the device loses its state.</summary>
[Cmdlet(VerbsCommon.Reset, "NodeDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[OutputType(typeof(NodeDevice))]
[Targets(typeof(NodeDevice), typeof(NodeDeviceHandle))]
public sealed partial class ResetNodeDeviceCommand : LibvirtCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Reset (the device loses its state)")) return;
        NodeDeviceApi.Reset(t.Handle);
        if (PassThru) WritePassThru(ObjectKinds.NodeDevice, t);
    });
}
