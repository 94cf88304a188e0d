using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Clones a volume, in its pool or into another one (virsh vol-clone, vol-create-from).</summary>
[Cmdlet(VerbsCommon.Copy, "StorageVolume", SupportsShouldProcess = true, DefaultParameterSetName = "Volume")]
[OutputType(typeof(StorageVolume), typeof(LibvirtJob))]
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

    [Parameter]
    public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord()
    {
        (Hypervisor Hypervisor, StoragePool Pool)? dest = null;
        if (DestinationPool is not null && (dest = ResolveSinglePool(DestinationPool)) is null) return;
        string newName = NewName;
        string? format = Format; // the work may run in a job: it reads no cmdlet state
        ForEachVolumeWork(
            (h, vol) =>
            {
                string poolName = dest?.Pool.Name ?? vol.Pool;
                if (dest is { } d && !ReferenceEquals(d.Hypervisor, h))
                    throw new System.ArgumentException($"The destination pool '{poolName}' is on connection '{d.Hypervisor.Name}', the volume on '{h.Name}': a clone stays on one host. Use Export-StorageVolume and Import-StorageVolume to move data between hosts.");
                return ShouldProcess(Describe(h, vol), $"Clone to '{newName}' in storage pool '{poolName}'");
            },
            (context, h, source, vol) =>
            {
                string poolName = dest?.Pool.Name ?? vol.Pool;
                using var ph = StorageApi.LookupPool(h.Connection, poolName);
                using var clone = StorageApi.CloneVolume(ph, StorageXml.BuildClone(StorageApi.GetVolumeXml(source), newName, format), source);
                context.WriteObject(StorageApi.SnapshotVolume(clone, poolName, h));
            });
    }
}
