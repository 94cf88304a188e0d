using System.Management.Automation;
using PSLibvirt.Core;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>Changes a volume's capacity (virsh vol-resize).</summary>
[Cmdlet(VerbsCommon.Resize, "StorageVolume", SupportsShouldProcess = true, DefaultParameterSetName = "StorageVolume")]
[OutputType(typeof(StorageVolume))]
public sealed class ResizeStorageVolumeCommand : StorageVolumeTargetCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    [SizeTransformation]
    [ValidateRange(0, long.MaxValue)]
    public long CapacityBytes { get; set; }

    [Parameter] public SwitchParameter Allocate { get; set; }

    [Parameter] public SwitchParameter Shrink { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, $"Resize to {ByteSize.Format(CapacityBytes)}")) return;
        StorageApi.ResizeVolume(t.Handle, (ulong)CapacityBytes, Allocate, delta: false, Shrink);
        if (PassThru) WriteObject(StorageApi.SnapshotVolume(t.Handle, t.ParentKey, t.Hypervisor));
    });
}
