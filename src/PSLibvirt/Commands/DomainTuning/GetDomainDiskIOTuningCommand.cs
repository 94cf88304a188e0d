using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The I/O throttling of a domain's disks (virsh blkdeviotune), one object per disk.</summary>
[Cmdlet(VerbsCommon.Get, "DomainDiskIOTuning", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainDiskIOTuning))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainDiskIOTuningCommand : LibvirtCmdlet
{
    /// <summary>The disks' target names (vda, sdb, ...); default: every disk of the domain.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string[]? Disk { get; set; }

    /// <summary>Read the persistent configuration rather than the running domain.</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        var disks = Disk ?? DomainTuningApi.DiskTargets(t.Handle, inactive: Config || !DomainDefinitionApi.IsActive(t.Handle)).ToArray();
        // Each disk on its own: one that does not exist is an error of its own, and the others are still read.
        foreach (var d in disks) TryInvoke(t.Input, () => WriteTuning(t, DomainTuningArea.DiskIO, Config, d));
    });
}
