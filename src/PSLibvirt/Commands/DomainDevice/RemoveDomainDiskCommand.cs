using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Detaches disks from domains (virsh detach-disk): piped disks (Get-DomainDisk), or the disks with -Target. The image
/// or volume stays. A disk the running guest did not release is the DeviceRemovalPending error, not a success.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DomainDisk", DefaultParameterSetName = "Name", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class RemoveDomainDiskCommand : LibvirtCmdlet
{
    /// <summary>Disks, as Get-DomainDisk writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Disk", ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainDisk[]? Disk { get; set; }

    /// <summary>The targets of the disks to detach (vdb, sda, ...).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Name")]
    [Parameter(Mandatory = true, ParameterSetName = "Domain")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string[]? Target { get; set; }

    protected override void BeginProcessing() => _ = ChangeScope();

    protected override void ProcessRecord()
    {
        if (Disk is not null)
        {
            ForEachDevice(ResolveDeviceDomains(Disk, Connection), (t, d) => Detach(t, d.Target, d));
            return;
        }
        ForEachTarget(ResolveTargets(), t =>
        {
            foreach (var target in Target!) TryInvoke(target, () => Detach(t, target, target));
        });
    }

    private void Detach(Target<DomainHandle> t, string target, object input)
    {
        var scope = ResolveScope(t.Handle);
        var disk = FindDeviceInScope(t, scope, xml => DomainDeviceXml.FindDisk(xml, target), $"a disk with target '{target}'", "Get-DomainDisk", "DiskNotFound", input);
        if (!ShouldProcess(t.Description, $"Detach disk {target} from {DomainDeviceApi.Describe(scope)}")) return;
        ReportRemoval(DomainDeviceApi.Detach(t.Handle, disk.ToString(), scope), t, $"disk {target}", scope, input);
    }
}
