using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Starts (boots) defined domains (virsh start).</summary>
[Cmdlet(VerbsLifecycle.Start, "Domain", DefaultParameterSetName = DomainSet, SupportsShouldProcess = true)]
[OutputType(typeof(Domain))]
public sealed class StartDomainCommand : DomainCmdlet
{
    [Parameter] public SwitchParameter Paused { get; set; }
    [Parameter] public SwitchParameter BypassCache { get; set; }
    [Parameter] public SwitchParameter ForceBoot { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachDomain(t =>
    {
        if (!RequireState(t, "start", "DomainAlreadyRunning", "only a domain that is not running can be started", DomainState.ShutOff, DomainState.Crashed, DomainState.NoState)) return;
        if (!ShouldProcess(t.Description, "Start domain")) return;
        DomainLifecycle.Start(t.Handle, DomainLifecycle.StartFlags(Paused, BypassCache, ForceBoot));
        WritePassThru(t, PassThru);
    });
}
