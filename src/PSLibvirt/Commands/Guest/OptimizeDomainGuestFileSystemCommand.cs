using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Discards unused blocks of the file systems of domains' guests through the guest agent (virsh domfstrim).</summary>
[Cmdlet(VerbsCommon.Optimize, "DomainGuestFileSystem", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class OptimizeDomainGuestFileSystemCommand : LibvirtCmdlet
{
    /// <summary>Only this mount point (default: all).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MountPoint { get; set; }

    /// <summary>Free ranges smaller than this many bytes are left alone (a hint to the guest).</summary>
    [Parameter]
    public ulong MinimumBytes { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Trim " + (MountPoint ?? "all file systems"))) return;
        GuestInfoApi.Trim(t.Handle, MountPoint, MinimumBytes);
    });
}
