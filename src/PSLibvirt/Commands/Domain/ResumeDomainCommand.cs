using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Resumes paused domains (virsh resume).</summary>
[Cmdlet(VerbsLifecycle.Resume, "Domain", DefaultParameterSetName = DomainSet, SupportsShouldProcess = true)]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
public sealed class ResumeDomainCommand : DomainCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }
    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord() => ForEachDomainWork(t =>
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
