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
        if (!ShouldProcess(t.Description, $"Revert domain '{t.ParentKey}' to the snapshot (its current state is lost)")) return;
        DomainSnapshotApi.Revert(t.Handle, DomainSnapshotApi.RevertFlags(Running, Paused, Force));
        if (PassThru) WriteDomainOf(t);
    });
}
