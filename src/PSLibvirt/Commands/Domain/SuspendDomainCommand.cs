using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Pauses running domains (virsh suspend).</summary>
[Cmdlet(VerbsLifecycle.Suspend, "Domain", DefaultParameterSetName = DomainSet, SupportsShouldProcess = true)]
[OutputType(typeof(Domain))]
public sealed class SuspendDomainCommand : DomainCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachDomain(t =>
    {
        if (!RequireState(t, "suspend", "DomainNotRunning", "only a running domain can be suspended", DomainState.Running, DomainState.Blocked)) return;
        if (!ShouldProcess(t.Description, "Suspend domain")) return;
        DomainLifecycle.Suspend(t.Handle);
        WritePassThru(t, PassThru);
    });
}
