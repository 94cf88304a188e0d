using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Shortens a running domain's backing chain (virsh blockcommit, blockpull). By default it commits: the image -Top (the
/// active image when omitted: an active commit) is merged down into -Base (the deepest image when omitted); an active
/// commit mirrors until it is ready, then -Pivot makes the base the disk and -KeepOverlay ends it with the overlay in
/// use; with neither the job is left mirroring. -Pull merges the other way: the chain (down to -Base) is copied up
/// into the active image. Shows the progress; Ctrl+C (Stop-Job) aborts the job and says so, leaving the chain as it was.
/// </summary>
[Cmdlet(VerbsData.Merge, "DomainDisk", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(DomainBlockJob), typeof(LibvirtJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class MergeDomainDiskCommand : LibvirtCmdlet
{
    /// <summary>The disk (target: vda, sdb).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string? Disk { get; set; }

    /// <summary>The image merged into (commit) or kept as the backing image (pull): its path, or its position in the chain (0 the active image, 1 its backing image, ...). Default: the deepest image (commit), none (pull: everything is pulled).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Base { get; set; }

    /// <summary>The image to commit (path, or position in the chain as for -Base); the active image when omitted, which makes an active commit.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Top { get; set; }

    /// <summary>Commit the active image (what happens when -Top is omitted): the job mirrors until -Pivot or -KeepOverlay ends it.</summary>
    [Parameter] public SwitchParameter Active { get; set; }

    /// <summary>Active commit: once it is ready, switch the disk to the base image (the overlay is no longer used).</summary>
    [Parameter] public SwitchParameter Pivot { get; set; }

    /// <summary>Active commit: once it is ready, end it and keep using the overlay (the base holds its data as of that moment).</summary>
    [Parameter] public SwitchParameter KeepOverlay { get; set; }

    /// <summary>Commit into the image right below -Top (libvirt picks it as the base; leave out -Base).</summary>
    [Parameter] public SwitchParameter Shallow { get; set; }

    /// <summary>Delete the committed images once the commit has completed.</summary>
    [Parameter] public SwitchParameter Delete { get; set; }

    /// <summary>Keep the backing file names relative in the rewritten images.</summary>
    [Parameter] public SwitchParameter Relative { get; set; }

    /// <summary>Pull instead of commit (virsh blockpull): copy the backing chain (down to -Base) into the active image.</summary>
    [Parameter] public SwitchParameter Pull { get; set; }

    /// <summary>The job's speed limit in bytes per second (10MB works).</summary>
    [Parameter]
    [ValidateRange(1, ulong.MaxValue)]
    public ulong BandwidthBytes { get; set; }

    /// <summary>Active commit without -Pivot or -KeepOverlay: wait until it is ready before returning the job.</summary>
    [Parameter] public SwitchParameter Wait { get; set; }

    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void BeginProcessing()
    {
        ExcludeEachOther(Pivot, KeepOverlay, nameof(Pivot), nameof(KeepOverlay), "a ready active commit either moves the disk to the base or keeps the overlay");
        if (Pull)
        {
            foreach (var (set, name) in new[] { (Top is not null, nameof(Top)), ((bool)Active, nameof(Active)), ((bool)Pivot, nameof(Pivot)),
                         ((bool)KeepOverlay, nameof(KeepOverlay)), ((bool)Shallow, nameof(Shallow)), ((bool)Delete, nameof(Delete)) })
                ExcludeEachOther(true, set, nameof(Pull), name, "a pull copies the chain into the active image; that parameter is a commit's");
        }
        else if (Top is not null && (Active || Pivot || KeepOverlay))
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Active, -Pivot and -KeepOverlay commit the active image: leave out -Top."),
                "TopWithActive", ErrorCategory.InvalidArgument, Top));
    }

    protected override void ProcessRecord() => ForEachTargetWork(ResolveTargets(), t =>
    {
        string disk = Disk!;
        string xml = RequireBlockDisk(t, disk);
        var chain = DomainBlockJobApi.BackingChain(xml, DomainBlockJobApi.TargetOf(disk));
        int depth = chain.Count;
        string? @base, top;
        try
        {
            @base = DomainBlockJobApi.ImageReference(chain, Base);
            top = DomainBlockJobApi.ImageReference(chain, Top);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new WorkErrorException(new ArgumentException($"Disk '{disk}' of domain '{t.Name}': {e.Message.Split(" (Parameter")[0]}", e),
                "ImageIndexOutOfRange", ErrorCategory.InvalidArgument, t.Input);
        }
        // The active image as -Top is an active commit, as is no -Top.
        if (top is not null && chain.Count > 0 && top == chain[0]) top = null;
        bool active = !Pull && top is null;
        string what = Pull
            ? $"Pull the backing chain{(@base is null ? "" : $" down to '{@base}'")} of disk '{disk}' into its active image"
            : $"Commit {(top is null ? "the active image" : $"'{top}'")} of disk '{disk}' into {(@base is null ? "the deepest image" : $"'{@base}'")}" +
              (active ? (Pivot ? ", then switch the disk to it" : KeepOverlay ? ", then keep using the overlay" : ", and keep mirroring") : "") +
              (Delete ? ", deleting the committed images" : "");
        if (!ShouldProcess(t.Description, what)) return null;
        ulong bandwidth = BandwidthBytes;
        bool pull = Pull, pivot = Pivot, keep = KeepOverlay, wait = Wait || Pivot || KeepOverlay, relative = Relative;
        var flags = DomainBlockJobApi.CommitFlags(Shallow, Delete, active, Relative);
        var console = AsJob ? null : Host.UI;
        return context =>
        {
            string activity = pull ? $"Pulling into disk {disk} of domain {t.Name}" : $"Committing disk {disk} of domain {t.Name}";
            if (pull) DomainBlockJobApi.Pull(t.Handle, disk, @base, bandwidth, relative);
            else DomainBlockJobApi.Commit(t.Handle, disk, @base, top, bandwidth, flags);
            if (active)
            {
                var job = wait ? WaitBlockJob(context, t, disk, BlockJobGoal.Ready, activity, console) : DomainBlockJobApi.TryGet(t.Handle, disk, t.Name, t.DomainUuid(), t.Hypervisor);
                if (pivot)
                {
                    DomainBlockJobApi.Abort(t.Handle, disk, pivot: true);
                    context.WriteVerbose($"Committed the active image of disk '{disk}' of domain '{t.Name}'; the disk now uses the base image.");
                }
                else if (keep)
                {
                    DomainBlockJobApi.Abort(t.Handle, disk);
                    context.WriteVerbose($"Committed the active image of disk '{disk}' of domain '{t.Name}'; the disk keeps its overlay.");
                }
                else if (job is not null) context.WriteObject(job);
                return;
            }
            WaitBlockJob(context, t, disk, BlockJobGoal.Finished, activity, console);
            // A disk without a backing image has nothing to pull: the job ends at once with the chain as it was.
            if (depth > 1 && !DomainBlockJobApi.WaitChainShorter(t.Handle, DomainBlockJobApi.TargetOf(disk), depth, TimeSpan.FromSeconds(5)))
                throw new WorkErrorException(new InvalidOperationException(
                        $"The {(pull ? "block pull" : "block commit")} of disk '{disk}' of domain '{t.Name}' ended, but the disk's backing chain still has {depth} images: the job failed or was aborted by another client."),
                    pull ? "BlockPullFailed" : "BlockCommitFailed", ErrorCategory.InvalidResult, t.Input);
            context.WriteVerbose($"{(pull ? "Pulled" : "Committed")} disk '{disk}' of domain '{t.Name}'.");
        };
    });
}
