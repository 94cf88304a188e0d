using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Starts (boots) defined domains (virsh start).</summary>
[Cmdlet(VerbsLifecycle.Start, "Domain", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class StartDomainCommand : LibvirtCmdlet
{
    [Parameter] public SwitchParameter Paused { get; set; }
    [Parameter] public SwitchParameter BypassCache { get; set; }
    [Parameter] public SwitchParameter ForceBoot { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }
    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord() => ForEachTargetWork(ResolveTargets(), t =>
    {
        if (!RequireState(t, "start", "DomainAlreadyRunning", "only a domain that is not running can be started", DomainState.ShutOff, DomainState.Crashed, DomainState.NoState)) return null;
        if (!ShouldProcess(t.Description, "Start domain")) return null;
        var flags = DomainLifecycle.StartFlags(Paused, BypassCache, ForceBoot);
        bool passThru = PassThru;
        return context =>
        {
            DomainLifecycle.Start(t.Handle, flags);
            WritePassThru(context, t, passThru);
        };
    });
}
