using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Resizes the image of a running domain's disk (virsh blockresize, in bytes): the guest sees the new size at once.
/// QEMU also shrinks an image, losing what lies past the new end: that needs -Force.
/// </summary>
[Cmdlet(VerbsCommon.Resize, "DomainDisk", DefaultParameterSetName = "Name", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class ResizeDomainDiskCommand : LibvirtCmdlet
{
    /// <summary>The disk (target: vda, sdb).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string? Disk { get; set; }

    /// <summary>The new size in bytes (1GB works); QEMU rounds it up to a multiple of 512.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    [ValidateRange(1, ulong.MaxValue)]
    public ulong Size { get; set; }

    /// <summary>Allow shrinking the image (what lies past the new size is lost).</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        RequireBlockDisk(t, Disk!);
        ulong? now = DomainBlockJobApi.Capacity(t.Handle, Disk!);
        bool shrink = now is ulong c && Size < c;
        if (shrink && !Force)
            throw new WorkErrorException(new InvalidOperationException(
                    $"Disk '{Disk}' of domain '{t.Name}' holds {ByteSize.Format(now!.Value)} ({now} bytes): resizing it to {ByteSize.Format(Size)} ({Size} bytes) " +
                    "would cut off what lies past the new end. Give -Force to shrink it anyway."),
                "ShrinkNeedsForce", ErrorCategory.InvalidOperation, t.Input);
        if (!ShouldProcess(t.Description, $"{(shrink ? "Shrink" : "Resize")} disk '{Disk}' to {ByteSize.Format(Size)} ({Size} bytes){(shrink ? ", losing the data past the new end" : "")}")) return;
        DomainBlockJobApi.Resize(t.Handle, Disk!, Size);
    });
}
