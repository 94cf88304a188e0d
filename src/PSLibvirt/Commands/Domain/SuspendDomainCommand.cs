using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Pauses running domains (virsh suspend).</summary>
[Cmdlet(VerbsLifecycle.Suspend, "Domain", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SuspendDomainCommand : LibvirtCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }
    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord() => ForEachTargetWork(ResolveTargets(), t =>
    {
        if (!RequireState(t, "suspend", "DomainNotRunning", "only a running domain can be suspended", DomainState.Running, DomainState.Blocked)) return null;
        if (!ShouldProcess(t.Description, "Suspend domain")) return null;
        bool passThru = PassThru;
        return context =>
        {
            DomainLifecycle.Suspend(t.Handle);
            WritePassThru(context, t, passThru);
        };
    });
}
