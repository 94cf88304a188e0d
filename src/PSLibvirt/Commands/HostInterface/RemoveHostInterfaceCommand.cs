using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Undefines host interfaces (virsh iface-undefine); -Force brings an active one down first (iface-destroy).</summary>
[Cmdlet(VerbsCommon.Remove, "HostInterface", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[Targets(typeof(HostInterface), typeof(InterfaceHandle))]
public sealed partial class RemoveHostInterfaceCommand : LibvirtCmdlet
{
    /// <summary>Brings an active interface down before undefining it (else an active interface is an error).</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        ObjectKinds.HostInterface.Remove(t.Handle, t.Key, Force, action => ShouldProcess(t.Description, action)));
}
