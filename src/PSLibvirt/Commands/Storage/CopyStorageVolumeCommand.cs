using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Clones a volume, in its pool or into another one (virsh vol-clone, vol-create-from).</summary>
[Cmdlet(VerbsCommon.Copy, "StorageVolume", SupportsShouldProcess = true, DefaultParameterSetName = "Volume")]
[OutputType(typeof(StorageVolume))]
public sealed class CopyStorageVolumeCommand : StorageVolumeCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string NewName { get; set; } = "";

    [Parameter]
    [StoragePoolTransformation]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public StoragePool? DestinationPool { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(Completers.VolumeFormatCompleter))]
    public string? Format { get; set; }

    protected override void ProcessRecord()
    {
        (Hypervisor Hypervisor, StoragePool Pool)? dest = null;
        if (DestinationPool is not null && (dest = ResolveSinglePool(DestinationPool)) is null) return;
        ForEachVolume((h, source, vol) =>
        {
            string poolName = dest?.Pool.Name ?? vol.Pool;
            if (dest is { } d && !ReferenceEquals(d.Hypervisor, h))
                throw new System.ArgumentException($"The destination pool '{poolName}' is on connection '{d.Hypervisor.Name}', the volume on '{h.Name}': a clone stays on one host. Use Export-StorageVolume and Import-StorageVolume to move data between hosts.");
            if (!ShouldProcess($"volume '{vol.Name}' in storage pool '{vol.Pool}' on '{h.Name}'", $"Clone to '{NewName}' in storage pool '{poolName}'")) return;
            using var ph = StorageApi.LookupPool(h.Connection, poolName);
            using var clone = StorageApi.CloneVolume(ph, StorageXml.BuildClone(StorageApi.GetVolumeXml(source), NewName, Format), source);
            WriteObject(StorageApi.SnapshotVolume(clone, poolName, h));
        });
    }
}
