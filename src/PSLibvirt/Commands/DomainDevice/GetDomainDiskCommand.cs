using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's disks, CD-ROMs and floppies (virsh domblklist --details, domblkinfo, domblkerror).</summary>
[Cmdlet(VerbsCommon.Get, "DomainDisk", DefaultParameterSetName = "Name")]
[OutputType(typeof(DomainDisk))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainDiskCommand : LibvirtCmdlet
{
    /// <summary>Only the disks with these targets (vda, sdb, hdc; wildcards allowed).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string[]? Target { get; set; }

    /// <summary>Read the persistent definition (the disks of the next start) instead of the running domain's.</summary>
    [Parameter] public SwitchParameter Inactive { get; set; }

    protected override void ProcessRecord()
    {
        var patterns = FilterPatterns(Target);
        ForEachTarget(ResolveTargets(), t =>
        {
            var disks = DomainDeviceApi.ListDisks(t.Handle, DomainDeviceApi.Owner(t.Handle, t.Name, t.Uuid, t.Hypervisor, Inactive));
            WriteObject(disks.Where(d => patterns is null || patterns.Any(p => p.IsMatch(d.Target))), enumerateCollection: true);
        });
    }
}
