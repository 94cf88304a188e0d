using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Reverts domains to a snapshot (virsh snapshot-revert).</summary>
[Cmdlet(VerbsData.Restore, "DomainSnapshot", DefaultParameterSetName = "Snapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(Domain))]
[Targets(typeof(Domain), typeof(DomainHandle), KeyParameter = "DomainName", KeyPosition = -1)]
public sealed partial class RestoreDomainSnapshotCommand : LibvirtCmdlet
{
    /// <summary>Snapshots, as Get-DomainSnapshot writes them; each reverts its own domain.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Snapshot", ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainSnapshot[]? Snapshot { get; set; }

    /// <summary>The exact name of the snapshot to revert each domain to.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Domain")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "DomainName")]
    [ValidateNotNullOrEmpty]
    [ValidateCount(1, 1)]
    [ArgumentCompleter(typeof(Completers.DomainSnapshotNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Leave the domain running after the revert, whatever state the snapshot saved.</summary>
    [Parameter] public SwitchParameter Running { get; set; }

    /// <summary>Leave the domain paused after the revert, whatever state the snapshot saved.</summary>
    [Parameter] public SwitchParameter Paused { get; set; }

    /// <summary>Revert even where libvirt calls it risky (VIR_DOMAIN_SNAPSHOT_REVERT_FORCE).</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        if (Running && Paused)
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("-Running and -Paused cannot be combined."),
                "RunningAndPaused", ErrorCategory.InvalidArgument, null));
    }

    protected override void ProcessRecord() => ForEachSnapshot(Snapshot, Name, DomainName, Domain, Connection, t =>
    {
        if (!ExternalRevertAllowed(t)) return;
        if (!ShouldProcess(t.Description, $"Revert domain '{t.ParentKey}' to the snapshot (its current state is lost)")) return;
        DomainSnapshotApi.Revert(t.Handle, DomainSnapshotApi.RevertFlags(Running, Paused, Force));
        if (PassThru) WriteDomainOf(t);
    });

    /// <summary>
    /// An external snapshot (a disk overlay or a memory file) on a daemon older than libvirt 9.7 is refused here, before
    /// libvirt is asked: that libvirt cannot revert to it ("not supported yet"), and the error says what can be done instead.
    /// </summary>
    private bool ExternalRevertAllowed(Target<DomainSnapshotHandle> t)
    {
        var external = DomainSnapshotApi.ExternalParts(DomainSnapshotApi.GetXml(t.Handle));
        if (external.Count == 0) return true;
        var version = DomainSnapshotApi.DaemonVersion(t.Connection);
        if (version >= DomainSnapshotApi.ExternalRevertSince) return true;
        WriteError(new ErrorRecord(new NotSupportedException(
            $"Cannot revert domain '{t.ParentKey}' to snapshot '{t.Name}' on '{t.Hypervisor.Name}': the snapshot is external " +
            $"({string.Join(", ", external)}), and libvirt {version} cannot revert to an external snapshot (libvirt {DomainSnapshotApi.ExternalRevertSince} and later can). " +
            "Nothing was changed. To keep the disks as they are now and drop the snapshot, remove it with Remove-DomainSnapshot " +
            "(libvirt commits the overlay into its backing image) or merge the disk with Merge-DomainDisk -Pivot (virsh blockcommit --active --pivot); " +
            "to go back to the snapshot's state, shut the domain off, point the disk back at the overlay's backing image and remove the snapshot " +
            "with Remove-DomainSnapshot -MetadataOnly."),
            "ExternalSnapshotRevertUnsupported", ErrorCategory.NotImplemented, t.Input));
        return false;
    }
}
