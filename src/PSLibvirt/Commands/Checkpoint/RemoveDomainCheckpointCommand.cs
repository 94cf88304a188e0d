using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Deletes checkpoints of domains (virsh checkpoint-delete): their bitmaps are merged into the parent's.</summary>
[Cmdlet(VerbsCommon.Remove, "DomainCheckpoint", DefaultParameterSetName = "Checkpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveDomainCheckpointCommand : DomainCheckpointTargetCmdlet
{
    /// <summary>Delete the checkpoint's descendants too.</summary>
    [Parameter] public SwitchParameter Children { get; set; }

    /// <summary>Delete only the checkpoint's descendants and keep the checkpoint.</summary>
    [Parameter] public SwitchParameter ChildrenOnly { get; set; }

    /// <summary>Delete only libvirt's metadata of the checkpoint and keep the disks' bitmaps.</summary>
    [Parameter] public SwitchParameter MetadataOnly { get; set; }

    protected override void BeginProcessing()
    {
        ExcludeEachOther(Children, ChildrenOnly, "Children", "ChildrenOnly", "-ChildrenOnly keeps the checkpoint and deletes its descendants, -Children deletes both");
    }

    protected override void ProcessRecord() => ForEachCheckpoint(t =>
    {
        string what = ChildrenOnly ? "Delete the checkpoint's descendants"
            : Children ? "Delete the checkpoint and its descendants"
            : "Delete the checkpoint";
        if (MetadataOnly) what += " (libvirt's metadata only)";
        if (!ShouldProcess(t.Description, what)) return;
        DomainCheckpointApi.Delete(t.Handle, DomainCheckpointApi.DeleteFlags(Children, ChildrenOnly, MetadataOnly));
    });
}
