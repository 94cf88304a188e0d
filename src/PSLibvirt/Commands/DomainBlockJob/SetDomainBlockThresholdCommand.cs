using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Sets the write threshold of a domain's disk (virsh domblkthreshold): when the guest writes past that offset of the
/// image, libvirt sends one BlockThreshold event (Register-DomainEvent) and clears the threshold. 0 removes it.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DomainBlockThreshold", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SetDomainBlockThresholdCommand : LibvirtCmdlet
{
    /// <summary>The disk (target: vda; "vda[1]" names an image of its backing chain).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string? Disk { get; set; }

    /// <summary>The offset in bytes (1GB works); 0 removes the threshold.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public ulong Threshold { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        RequireBlockDisk(t, Disk!);
        if (!ShouldProcess(t.Description, Threshold == 0 ? $"Remove the write threshold of disk '{Disk}'" : $"Set the write threshold of disk '{Disk}' to {Threshold} bytes")) return;
        DomainBlockJobApi.SetThreshold(t.Handle, Disk!, Threshold);
    });
}
