using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Undefines node devices (virsh nodedev-undefine); -Force destroys an active one first (nodedev-destroy).</summary>
[Cmdlet(VerbsCommon.Remove, "NodeDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[Targets(typeof(NodeDevice), typeof(NodeDeviceHandle))]
public sealed partial class RemoveNodeDeviceCommand : LibvirtCmdlet
{
    /// <summary>Destroys an active device before undefining it (else an active device is an error).</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        ObjectKinds.NodeDevice.Remove(t.Handle, t.Key, Force, action => ShouldProcess(t.Description, action)));
}
