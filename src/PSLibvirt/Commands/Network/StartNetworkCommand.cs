using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Starts defined, inactive networks (virsh net-start).</summary>
[Cmdlet(VerbsLifecycle.Start, "Network", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(Network))]
[Targets(typeof(Network), typeof(NetworkHandle))]
public sealed partial class StartNetworkCommand : LibvirtCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (NetworkApi.IsActive(t.Handle))
        {
            WriteError(new ErrorRecord(
                new System.InvalidOperationException($"The {t.Description} is already active."),
                "NetworkAlreadyActive", ErrorCategory.InvalidOperation, t.Input));
            return;
        }
        if (!ShouldProcess(t.Description, "Start")) return;
        NetworkApi.Start(t.Handle);
        if (PassThru) WritePassThru(ObjectKinds.Network, t);
    });
}
