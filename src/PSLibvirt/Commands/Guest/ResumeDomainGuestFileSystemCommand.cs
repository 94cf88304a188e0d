using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Thaws the file systems of domains' guests through the guest agent (virsh domfsthaw).</summary>
[Cmdlet(VerbsLifecycle.Resume, "DomainGuestFileSystem", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(int))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class ResumeDomainGuestFileSystemCommand : LibvirtCmdlet
{
    /// <summary>Only these mount points (default: all the guest has).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? MountPoint { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        string what = MountPoint is null ? "all file systems" : "file systems " + string.Join(", ", MountPoint);
        if (!ShouldProcess(t.Description, "Thaw " + what)) return;
        WriteObject(GuestInfoApi.FreezeOrThaw(t.Handle, MountPoint, freeze: false));
    });
}
