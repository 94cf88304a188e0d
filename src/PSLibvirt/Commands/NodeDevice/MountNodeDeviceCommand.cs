using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Gives detached PCI devices back to the host (virsh nodedev-reattach): the stub driver lets go and the host driver binds them again.</summary>
[Cmdlet(VerbsData.Mount, "NodeDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[OutputType(typeof(NodeDevice))]
[Targets(typeof(NodeDevice), typeof(NodeDeviceHandle))]
public sealed partial class MountNodeDeviceCommand : LibvirtCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Reattach to the host (rebind the host driver)")) return;
        NodeDeviceApi.ReAttach(t.Handle);
        if (PassThru) WritePassThru(ObjectKinds.NodeDevice, t);
    });
}
