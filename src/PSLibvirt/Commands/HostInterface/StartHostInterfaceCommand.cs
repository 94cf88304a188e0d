using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Brings defined, inactive host interfaces up (virsh iface-start).</summary>
[Cmdlet(VerbsLifecycle.Start, "HostInterface", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(HostInterface))]
[Targets(typeof(HostInterface), typeof(InterfaceHandle))]
public sealed partial class StartHostInterfaceCommand : LibvirtCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (InterfaceApi.IsActive(t.Handle))
        {
            WriteError(new ErrorRecord(
                new System.InvalidOperationException($"The {t.Description} is already active."),
                "HostInterfaceAlreadyActive", ErrorCategory.InvalidOperation, t.Input));
            return;
        }
        if (!ShouldProcess(t.Description, "Start (bring up)")) return;
        InterfaceApi.Start(t.Handle);
        if (PassThru) WritePassThru(ObjectKinds.HostInterface, t);
    });
}
