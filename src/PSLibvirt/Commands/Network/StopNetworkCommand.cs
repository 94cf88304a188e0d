using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Stops active networks (virsh net-destroy): guests on them lose connectivity; a transient network is gone.</summary>
[Cmdlet(VerbsLifecycle.Stop, "Network", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[OutputType(typeof(Network))]
[Targets(typeof(Network), typeof(NetworkHandle))]
public sealed partial class StopNetworkCommand : LibvirtCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!NetworkApi.IsActive(t.Handle))
        {
            WriteError(new ErrorRecord(
                new System.InvalidOperationException($"The {t.Description} is not active."),
                "NetworkNotActive", ErrorCategory.InvalidOperation, t.Input));
            return;
        }
        bool transient = !NetworkApi.IsPersistent(t.Handle);
        if (!ShouldProcess(t.Description, transient ? "Stop (destroy; the transient network is then gone, and guests on it lose connectivity)" : "Stop (destroy; guests on it lose connectivity)")) return;
        NetworkApi.Stop(t.Handle);
        if (transient) WriteVerbose($"The transient {t.Description} is gone now that it is stopped.");
        if (PassThru) WritePassThru(ObjectKinds.Network, t);
    });
}
