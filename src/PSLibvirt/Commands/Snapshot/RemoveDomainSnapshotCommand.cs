using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Deletes snapshots of domains (virsh snapshot-delete).</summary>
[Cmdlet(VerbsCommon.Remove, "DomainSnapshot", DefaultParameterSetName = SnapshotSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveDomainSnapshotCommand : DomainSnapshotCmdlet
{
    /// <summary>Snapshots, as Get-DomainSnapshot writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SnapshotSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainSnapshot[]? Snapshot { get; set; }

    /// <summary>Names of the snapshots to delete (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DomainSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DomainNameSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.DomainSnapshotNameCompleter))]
    public override string[]? Name { get; set; }

    /// <summary>Delete the snapshot's descendants too.</summary>
    [Parameter] public SwitchParameter Children { get; set; }

    /// <summary>Delete only the snapshot's descendants and keep the snapshot.</summary>
    [Parameter] public SwitchParameter ChildrenOnly { get; set; }

    /// <summary>Delete only libvirt's metadata of the snapshot, not the snapshot data.</summary>
    [Parameter] public SwitchParameter MetadataOnly { get; set; }

    protected override void BeginProcessing()
    {
        if (Children && ChildrenOnly)
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("-Children and -ChildrenOnly cannot be combined: -ChildrenOnly keeps the snapshot and deletes its descendants, -Children deletes both."),
                "ChildrenAndChildrenOnly", ErrorCategory.InvalidArgument, null));
    }

    protected override void ProcessRecord() => ForEachSnapshot(Snapshot, Name, wildcards: true, t =>
    {
        string what = ChildrenOnly ? "Delete the snapshot's descendants"
            : Children ? "Delete the snapshot and its descendants"
            : "Delete the snapshot";
        if (MetadataOnly) what += " (libvirt's metadata only)";
        if (!ShouldProcess(t.Description, what)) return;
        DomainSnapshotApi.Delete(t.Handle, DomainSnapshotApi.DeleteFlags(Children, ChildrenOnly, MetadataOnly));
    });
}
