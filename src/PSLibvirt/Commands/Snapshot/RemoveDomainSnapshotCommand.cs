using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Deletes snapshots of domains (virsh snapshot-delete).</summary>
[Cmdlet(VerbsCommon.Remove, "DomainSnapshot", DefaultParameterSetName = "Snapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveDomainSnapshotCommand : LibvirtCmdlet
{
    /// <summary>Exact names of the domains whose snapshots to act on.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "DomainName", ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(Domain))]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public string[]? DomainName { get; set; }

    /// <summary>Domain objects, as Get-Domain writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Domain", ValueFromPipeline = true)]
    [ValidateNotNull]
    public Domain[]? Domain { get; set; }

    /// <summary>The connections to look domain names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Snapshots, as Get-DomainSnapshot writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Snapshot", ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainSnapshot[]? Snapshot { get; set; }

    /// <summary>Exact names of the snapshots to delete (no wildcards: pipe from Get-DomainSnapshot to delete many).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Domain")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "DomainName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainSnapshotNameCompleter))]
    public string[]? Name { get; set; }

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

    protected override void ProcessRecord() => ForEachSnapshot(Snapshot, Name, DomainName, Domain, Connection, t =>
    {
        string what = ChildrenOnly ? "Delete the snapshot's descendants"
            : Children ? "Delete the snapshot and its descendants"
            : "Delete the snapshot";
        if (MetadataOnly) what += " (libvirt's metadata only)";
        if (!ShouldProcess(t.Description, what)) return;
        DomainSnapshotApi.Delete(t.Handle, DomainSnapshotApi.DeleteFlags(Children, ChildrenOnly, MetadataOnly));
    });
}
