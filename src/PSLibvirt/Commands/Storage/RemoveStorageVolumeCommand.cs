using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Deletes volumes and their data (virsh vol-delete).</summary>
[Cmdlet(VerbsCommon.Remove, "StorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "StorageVolume")]
public sealed class RemoveStorageVolumeCommand : StorageVolumeTargetCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Delete the volume and its data")) return;
        StorageApi.DeleteVolume(t.Handle);
    });
}
