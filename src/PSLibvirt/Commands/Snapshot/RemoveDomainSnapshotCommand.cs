using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Deletes snapshots of domains (virsh snapshot-delete).</summary>
[Cmdlet(VerbsCommon.Remove, "DomainSnapshot", DefaultParameterSetName = "Snapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveDomainSnapshotCommand : DomainSnapshotTargetCmdlet
{
    /// <summary>Delete the snapshot's descendants too.</summary>
    [Parameter] public SwitchParameter Children { get; set; }

    /// <summary>Delete only the snapshot's descendants and keep the snapshot.</summary>
    [Parameter] public SwitchParameter ChildrenOnly { get; set; }

    /// <summary>Delete only libvirt's metadata of the snapshot, not the snapshot data.</summary>
    [Parameter] public SwitchParameter MetadataOnly { get; set; }

    protected override void BeginProcessing()
    {
        ExcludeEachOther(Children, ChildrenOnly, "Children", "ChildrenOnly", "-ChildrenOnly keeps the snapshot and deletes its descendants, -Children deletes both");
    }

    protected override void ProcessRecord() => ForEachSnapshot(t =>
    {
        string what = ChildrenOnly ? "Delete the snapshot's descendants"
            : Children ? "Delete the snapshot and its descendants"
            : "Delete the snapshot";
        if (MetadataOnly) what += " (libvirt's metadata only)";
        if (!ShouldProcess(t.Description, what)) return;
        DomainSnapshotApi.Delete(t.Handle, DomainSnapshotApi.DeleteFlags(Children, ChildrenOnly, MetadataOnly));
    });
}
