using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Ends the block job on a domain's disk (virsh blockjob --abort, --pivot, --async): a copy or active commit ends its
/// mirror (the disk stays on its original image) or, with -Pivot, switches the disk to the copy; a pull or commit is
/// cancelled.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "DomainBlockJob", DefaultParameterSetName = "Name", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class StopDomainBlockJobCommand : LibvirtCmdlet
{
    /// <summary>The disk (target: vda, sdb) whose job to end.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string? Disk { get; set; }

    /// <summary>Switch the disk to the copy (a ready block copy or active commit) instead of ending the mirror.</summary>
    [Parameter] public SwitchParameter Pivot { get; set; }

    /// <summary>Return as soon as libvirt has asked for the end, without waiting for the job to be gone.</summary>
    [Parameter] public SwitchParameter Async { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        RequireBlockDisk(t, Disk!);
        if (!ShouldProcess(t.Description, Pivot ? $"Pivot disk '{Disk}' to its copy" : $"Abort the block job of disk '{Disk}'")) return;
        DomainBlockJobApi.Abort(t.Handle, Disk!, Pivot, Async);
    });
}
