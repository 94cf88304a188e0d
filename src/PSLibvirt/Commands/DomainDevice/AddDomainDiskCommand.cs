using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Attaches a disk to domains (virsh attach-disk): an image file or block device (-Path), a storage volume
/// (-StorageVolume), or a new qcow2 volume made in a pool for it (-Size with -StoragePool). The target is the next free
/// one of the bus when not given.
/// </summary>
[Cmdlet(VerbsCommon.Add, "DomainDisk", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(DomainDisk))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class AddDomainDiskCommand : LibvirtCmdlet
{
    /// <summary>The image file or block device (/dev/...) on the hypervisor's host.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>A storage volume (Get-StorageVolume), attached as a volume disk of its pool; from the pipeline with -Name.</summary>
    [Parameter(ParameterSetName = "Name", ValueFromPipeline = true)]
    [Parameter(ParameterSetName = "Domain")]
    [ValidateNotNull]
    public StorageVolume? StorageVolume { get; set; }

    /// <summary>The size in bytes of a new qcow2 volume to make in -StoragePool and attach (accepts 10GB).</summary>
    [Parameter]
    [ValidateRange(1, ulong.MaxValue)]
    public ulong Size { get; set; }

    /// <summary>The storage pool (name) in which -Size makes the volume.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public string? StoragePool { get; set; }

    /// <summary>The name of the volume -Size makes (default: &lt;domain&gt;-&lt;target&gt;.qcow2).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? VolumeName { get; set; }

    /// <summary>The device name in the guest (vdb, sda, hdc); default: the first free one of the bus (vdX for virtio, sdX for sata, scsi and usb, hdX for ide).</summary>
    [Parameter]
    [ValidatePattern("^[a-z]+[a-z0-9]*$")]
    public string? Target { get; set; }

    /// <summary>The bus: virtio (default), sata, scsi, ide or usb.</summary>
    [Parameter]
    [ValidateSet("virtio", "sata", "scsi", "ide", "usb")]
    public string Bus { get; set; } = "virtio";

    /// <summary>The image format (raw, qcow2, ...); default: the volume's format, qcow2 for -Size, else from the file's extension (raw when unknown).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completers.VolumeFormatCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Format { get; set; }

    /// <summary>The host cache mode: none, writeback, writethrough, directsync, unsafe or default.</summary>
    [Parameter]
    [ValidateSet("none", "writeback", "writethrough", "directsync", "unsafe", "default")]
    public string? Cache { get; set; }

    /// <summary>Attach the disk read-only.</summary>
    [Parameter] public SwitchParameter ReadOnly { get; set; }

    /// <summary>Write the attached disk.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing() => _ = ChangeScope();

    protected override void ProcessRecord()
    {
        bool size = MyInvocation.BoundParameters.ContainsKey(nameof(Size));
        int sources = (Path is null ? 0 : 1) + (StorageVolume is null ? 0 : 1) + (size ? 1 : 0);
        if (sources != 1)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Say what to attach: give one of -Path, -StorageVolume, or -Size with -StoragePool."),
                "DiskSourceRequired", ErrorCategory.InvalidArgument, null));
        if (size != (StoragePool is not null))
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-Size and -StoragePool go together: the new volume is made in that pool."),
                "SizeNeedsStoragePool", ErrorCategory.InvalidArgument, null));
        if (VolumeName is not null && !size)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-VolumeName names the volume that -Size makes: give it with -Size and -StoragePool."),
                "VolumeNameNeedsSize", ErrorCategory.InvalidArgument, null));
        if (Path is not null && !Path.StartsWith('/'))
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"The path '{Path}' is not an absolute path on the hypervisor's host."),
                "PathNotAbsolute", ErrorCategory.InvalidArgument, Path));

        ForEachTarget(ResolveTargets(), t =>
        {
            var scope = ResolveScope(t.Handle);
            string target = Target ?? DomainDeviceXml.NextTarget(Bus, UsedTargets(t.Handle));
            if (Target is not null && UsedTargets(t.Handle).Contains(target))
                throw new WorkErrorException(new InvalidOperationException(
                    $"Domain '{t.Name}' on '{t.Hypervisor.Name}' already has a disk with target '{target}'. Get-DomainDisk lists its disks; omit -Target to take the next free one."),
                    "TargetInUse", ErrorCategory.ResourceExists, t.Input);
            var spec = new DiskSpec { Target = target, Bus = Bus, Cache = Cache, ReadOnly = ReadOnly };
            string what;
            if (Path is not null)
            {
                spec.SourceType = Path.StartsWith("/dev/", StringComparison.Ordinal) ? "block" : "file";
                spec.Path = Path;
                spec.Format = Format ?? (spec.SourceType == "block" ? "raw" : DomainXmlBuilder.FormatOf(Path));
                what = $"'{Path}'";
            }
            else if (StorageVolume is not null)
            {
                spec.SourceType = "volume";
                spec.Pool = StorageVolume.Pool;
                spec.Volume = StorageVolume.Name;
                spec.Format = Format ?? StorageVolume.Format ?? "raw";
                what = $"volume '{StorageVolume.Name}' of pool '{StorageVolume.Pool}'";
            }
            else
            {
                spec.SourceType = "volume";
                spec.Pool = StoragePool;
                spec.Volume = VolumeName ?? $"{t.Name}-{target}.qcow2";
                spec.Format = Format ?? "qcow2";
                what = $"a new {ByteSize.Format(Size)} {spec.Format} volume '{spec.Volume}' in pool '{StoragePool}'";
            }
            string xml = DomainDeviceXml.DiskXml(spec);
            if (!ShouldProcess(t.Description, $"Attach {what} as disk {target} ({Bus}) to {DomainDeviceApi.Describe(scope)}")) return;
            StorageVolHandle? created = size ? CreateVolume(t, spec) : null;
            using (created)
            {
                try { DomainDeviceApi.Attach(t.Handle, xml, scope); }
                catch
                {
                    // Nothing left half-done: the volume made for the disk goes with the failed attach.
                    if (created is not null) StorageApi.DeleteVolume(created);
                    throw;
                }
            }
            if (PassThru && ReadBackDevice(t, scope, xml) is { } d) WriteObject(d);
        });
    }

    /// <summary>The targets the domain's disks use, live and in its persistent definition (a new disk must be free in both).</summary>
    private static HashSet<string> UsedTargets(DomainHandle h)
    {
        var used = new HashSet<string>(DomainDeviceXml.DiskTargets(DomainDefinitionApi.GetXml(h)), StringComparer.Ordinal);
        if (DomainDefinitionApi.IsActive(h) && DomainDefinitionApi.IsPersistent(h))
            used.UnionWith(DomainDeviceXml.DiskTargets(DomainDefinitionApi.GetXml(h, inactive: true)));
        return used;
    }

    private StorageVolHandle CreateVolume(Target<DomainHandle> t, DiskSpec spec)
    {
        using var pool = StorageLookup.TryLookupPool(t.Connection, StoragePool!)
            ?? throw new WorkErrorException(new ItemNotFoundException($"There is no storage pool named '{StoragePool}' on '{t.Hypervisor.Name}'. Get-StoragePool lists them."),
                ObjectKinds.StoragePool.NotFoundId, ErrorCategory.ObjectNotFound, StoragePool);
        return StorageApi.CreateVolume(pool, StorageXml.BuildVolume(spec.Volume!, Size, null, spec.Format, null, null), preallocateMetadata: false);
    }
}
