using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Inserts, changes or ejects the medium of a domain's CD-ROM or floppy drive (virsh change-media --insert, --update,
/// --eject), through virDomainUpdateDeviceFlags.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DomainCdrom", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(DomainDisk))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainCdromCommand : LibvirtCmdlet
{
    /// <summary>CD-ROM or floppy drives, as Get-DomainDisk writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Disk", ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainDisk[]? Disk { get; set; }

    /// <summary>The drive's target (hdc, sda, ...); default: the domain's only CD-ROM.</summary>
    [Parameter(ParameterSetName = "Name")]
    [Parameter(ParameterSetName = "Domain")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string? Target { get; set; }

    /// <summary>The image (ISO file, or a /dev/ block device) on the hypervisor's host to insert.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>A storage volume (Get-StorageVolume) to insert: its path.</summary>
    [Parameter]
    [ValidateNotNull]
    public StorageVolume? StorageVolume { get; set; }

    /// <summary>Eject the medium: the drive stays, empty.</summary>
    [Parameter] public SwitchParameter Eject { get; set; }

    /// <summary>Eject even if the guest has locked the tray (VIR_DOMAIN_DEVICE_MODIFY_FORCE).</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    /// <summary>Write the drive as it is afterwards.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _ = ChangeScope();
        if ((Path is null ? 0 : 1) + (StorageVolume is null ? 0 : 1) + (Eject ? 1 : 0) != 1)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Give one of -Path and -StorageVolume (the medium to insert), or -Eject."),
                "MediumRequired", ErrorCategory.InvalidArgument, null));
        if (Path is not null && !Path.StartsWith('/'))
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"The path '{Path}' is not an absolute path on the hypervisor's host."),
                "PathNotAbsolute", ErrorCategory.InvalidArgument, Path));
    }

    protected override void ProcessRecord()
    {
        if (Disk is not null)
        {
            ForEachDevice(ResolveDeviceDomains(Disk, Connection), (t, d) => Change(t, d.Target, d));
            return;
        }
        ForEachTarget(ResolveTargets(), t => Change(t, Target, t.Input));
    }

    private void Change(Target<DomainHandle> t, string? target, object input)
    {
        var scope = ResolveScope(t.Handle);
        string xml = DomainDeviceApi.XmlFor(t.Handle, scope);
        System.Xml.Linq.XElement? drive;
        if (target is null)
        {
            var cdroms = DomainDeviceXml.Devices(xml).Where(e => e.Name.LocalName == "disk" && (string?)e.Attribute("device") == "cdrom").ToList();
            if (cdroms.Count != 1)
                throw new WorkErrorException(new InvalidOperationException(
                    $"Domain '{t.Name}' on '{t.Hypervisor.Name}' has {(cdroms.Count == 0 ? "no CD-ROM drive" : cdroms.Count + " CD-ROM drives")}: " +
                    (cdroms.Count == 0 ? "add one with Add-DomainDevice (a <disk device='cdrom'>)." : "say which with -Target.")),
                    cdroms.Count == 0 ? "CdromNotFound" : "AmbiguousCdrom", cdroms.Count == 0 ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidArgument, input);
            drive = cdroms[0];
            target = (string?)drive.Element("target")?.Attribute("dev") ?? "";
        }
        else
        {
            string wanted = target;
            drive = FindDeviceInScope(t, scope, x => DomainDeviceXml.FindDisk(x, wanted), $"a disk with target '{target}'", "Get-DomainDisk", "DiskNotFound", input);
        }
        string device = (string?)drive.Attribute("device") ?? "disk";
        if (device is not ("cdrom" or "floppy"))
            throw new WorkErrorException(new InvalidOperationException(
                $"Disk '{target}' of domain '{t.Name}' is a {device}, not a CD-ROM or floppy drive: only those have a removable medium."),
                "NotRemovableMedia", ErrorCategory.InvalidArgument, input);
        string? path = Eject ? null : Path ?? StorageVolume!.Path;
        string action = path is null ? $"Eject the medium of {device} {target}" : $"Insert '{path}' into {device} {target}";
        if (!ShouldProcess(t.Description, $"{action} ({DomainDeviceApi.Describe(scope)})")) return;
        string changed = DomainDeviceXml.ChangeMedia(drive.ToString(), path);
        DomainDeviceApi.Update(t.Handle, changed, scope, Force);
        if (PassThru && ReadBackDevice(t, scope, changed) is { } d) WriteObject(d);
    }
}
