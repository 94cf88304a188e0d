using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Freezes the file systems of domains' guests through the guest agent (virsh domfsfreeze).</summary>
[Cmdlet(VerbsLifecycle.Suspend, "DomainGuestFileSystem", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(int))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SuspendDomainGuestFileSystemCommand : LibvirtCmdlet
{
    /// <summary>Only these mount points (default: all the guest has).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? MountPoint { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        string what = MountPoint is null ? "all file systems" : "file systems " + string.Join(", ", MountPoint);
        if (!ShouldProcess(t.Description, "Freeze " + what)) return;
        WriteObject(GuestInfoApi.FreezeOrThaw(t.Handle, MountPoint, freeze: true));
    });
}
