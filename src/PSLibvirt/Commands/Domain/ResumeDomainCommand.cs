using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Resumes paused domains (virsh resume).</summary>
[Cmdlet(VerbsLifecycle.Resume, "Domain", DefaultParameterSetName = DomainSet, SupportsShouldProcess = true)]
[OutputType(typeof(Domain))]
public sealed class ResumeDomainCommand : DomainCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachDomain(t =>
    {
        if (!RequireState(t, "resume", "DomainNotPaused", "only a paused domain can be resumed", DomainState.Paused)) return;
        if (!ShouldProcess(t.Description, "Resume domain")) return;
        DomainLifecycle.Resume(t.Handle);
        WritePassThru(t, PassThru);
    });
}
