using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Brings active host interfaces down (virsh iface-destroy): the host loses the connectivity that went through them.</summary>
[Cmdlet(VerbsLifecycle.Stop, "HostInterface", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[OutputType(typeof(HostInterface))]
[Targets(typeof(HostInterface), typeof(InterfaceHandle))]
public sealed partial class StopHostInterfaceCommand : LibvirtCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!InterfaceApi.IsActive(t.Handle))
        {
            WriteError(new ErrorRecord(
                new System.InvalidOperationException($"The {t.Description} is not active."),
                "HostInterfaceNotActive", ErrorCategory.InvalidOperation, t.Input));
            return;
        }
        if (!ShouldProcess(t.Description, "Stop (destroy; bring down: the host loses the connectivity that goes through it)")) return;
        InterfaceApi.Stop(t.Handle);
        if (PassThru) WritePassThru(ObjectKinds.HostInterface, t);
    });
}
