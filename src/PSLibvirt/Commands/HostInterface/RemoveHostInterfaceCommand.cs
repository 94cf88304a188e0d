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
    {
        bool active = InterfaceApi.IsActive(t.Handle);
        if (active && !Force)
        {
            WriteError(new ErrorRecord(
                new System.InvalidOperationException($"The {t.Description} is active: stop it first (Stop-HostInterface), or pass -Force to stop and remove it. The host loses the connectivity that goes through it."),
                "HostInterfaceIsActive", ErrorCategory.InvalidOperation, t.Input));
            return;
        }
        if (!ShouldProcess(t.Description, active ? "Stop (destroy) and remove (undefine)" : "Remove (undefine)")) return;
        if (active) InterfaceApi.Stop(t.Handle);
        InterfaceApi.Undefine(t.Handle);
    });
}
