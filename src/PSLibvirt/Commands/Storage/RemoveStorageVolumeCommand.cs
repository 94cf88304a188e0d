using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Deletes volumes and their data (virsh vol-delete).</summary>
[Cmdlet(VerbsCommon.Remove, "StorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Volume")]
public sealed class RemoveStorageVolumeCommand : StorageVolumeCmdlet
{
    protected override void ProcessRecord() => ForEachVolume((h, vh, vol) =>
    {
        if (!ShouldProcess($"volume '{vol.Name}' in storage pool '{vol.Pool}' on '{h.Name}'", "Delete the volume and its data")) return;
        StorageApi.DeleteVolume(vh);
    });
}
