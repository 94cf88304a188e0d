using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Changes a volume's capacity (virsh vol-resize).</summary>
[Cmdlet(VerbsCommon.Resize, "StorageVolume", SupportsShouldProcess = true, DefaultParameterSetName = "Volume")]
[OutputType(typeof(StorageVolume))]
public sealed class ResizeStorageVolumeCommand : StorageVolumeCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    [SizeTransformation]
    [ValidateRange(0, long.MaxValue)]
    public long CapacityBytes { get; set; }

    [Parameter]
    public SwitchParameter Allocate { get; set; }

    [Parameter]
    public SwitchParameter Shrink { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachVolume((h, vh, vol) =>
    {
        if (!ShouldProcess($"volume '{vol.Name}' in storage pool '{vol.Pool}' on '{h.Name}'", $"Resize to {ByteSize.Format(CapacityBytes)}")) return;
        StorageApi.ResizeVolume(vh, (ulong)CapacityBytes, Allocate, delta: false, Shrink);
        if (PassThru) WriteObject(StorageApi.SnapshotVolume(vh, vol.Pool, h));
    });
}
