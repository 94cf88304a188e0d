using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Pauses running domains (virsh suspend).</summary>
[Cmdlet(VerbsLifecycle.Suspend, "Domain", DefaultParameterSetName = DomainSet, SupportsShouldProcess = true)]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
public sealed class SuspendDomainCommand : DomainCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }
    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord() => ForEachDomainWork(t =>
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
