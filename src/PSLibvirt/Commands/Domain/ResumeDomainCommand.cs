using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Resumes paused domains (virsh resume).</summary>
[Cmdlet(VerbsLifecycle.Resume, "Domain", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class ResumeDomainCommand : LibvirtCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }
    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord() => ForEachTargetWork(ResolveTargets(), t =>
    {
        if (!RequireState(t, "resume", "DomainNotPaused", "only a paused domain can be resumed", DomainState.Paused)) return null;
        if (!ShouldProcess(t.Description, "Resume domain")) return null;
        bool passThru = PassThru;
        return context =>
        {
            DomainLifecycle.Resume(t.Handle);
            WritePassThru(context, t, passThru);
        };
    });
}
