using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Switches a running live migration to post-copy (virsh migrate-postcopy): the guest starts on the destination at once
/// and its remaining memory follows on demand. Start, because it begins the migration's last phase; the migration
/// itself was begun by Move-Domain -PostCopy, which is where it ends.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "DomainMigrationPostCopy", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class StartDomainMigrationPostCopyCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Switch the running migration to post-copy")) return;
        DomainMigrationTuning.StartPostCopy(t.Handle);
    });
}
