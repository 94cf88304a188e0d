using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Creates a storage volume in a pool (virsh vol-create-as, vol-create).</summary>
[Cmdlet(VerbsCommon.New, "StorageVolume", SupportsShouldProcess = true, DefaultParameterSetName = SizeSet)]
[OutputType(typeof(StorageVolume))]
[ConnectionParameter]
public sealed partial class NewStorageVolumeCommand : LibvirtCmdlet
{
    private const string SizeSet = "Size";
    private const string XmlSet = "Xml";
    private const string SizeStoragePoolSet = "SizeStoragePool";
    private const string XmlStoragePoolSet = "XmlStoragePool";

    /// <summary>The exact name of the pool to create the volume in.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SizeSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = XmlSet)]
    [Alias("Pool")]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(StoragePool), ObjectsAsNames = true)]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public string? PoolName { get; set; }

    /// <summary>The pool object (Get-StoragePool) to create the volume in.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SizeStoragePoolSet, ValueFromPipeline = true)]
    [Parameter(Mandatory = true, ParameterSetName = XmlStoragePoolSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    [ObjectReferenceTransformation(typeof(StoragePool))]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public StoragePool? StoragePool { get; set; }

    /// <summary>The new volume's name.</summary>
    [Parameter(ParameterSetName = SizeSet, Mandatory = true, Position = 1)]
    [Parameter(ParameterSetName = SizeStoragePoolSet, Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The capacity: bytes (10GB) or text such as '10G'.</summary>
    [Parameter(ParameterSetName = SizeSet, Mandatory = true, Position = 2)]
    [Parameter(ParameterSetName = SizeStoragePoolSet, Mandatory = true, Position = 2)]
    [SizeTransformation]
    [ValidateRange(0, long.MaxValue)]
    public long CapacityBytes { get; set; }

    /// <summary>How much to allocate now (default: as the pool decides; 0 for a sparse file).</summary>
    [Parameter(ParameterSetName = SizeSet)]
    [Parameter(ParameterSetName = SizeStoragePoolSet)]
    [SizeTransformation]
    [ValidateRange(0, long.MaxValue)]
    public long AllocationBytes { get; set; }

    /// <summary>The image format (raw, qcow2, ...); qcow2 when -BackingVolume is given.</summary>
    [Parameter(ParameterSetName = SizeSet)]
    [Parameter(ParameterSetName = SizeStoragePoolSet)]
    [ArgumentCompleter(typeof(Completers.VolumeFormatCompleter))]
    public string? Format { get; set; }

    /// <summary>The backing volume of a copy-on-write overlay: a StorageVolume object, or a volume's path or key on the pool's connection.</summary>
    [Parameter(ParameterSetName = SizeSet)]
    [Parameter(ParameterSetName = SizeStoragePoolSet)]
    [ValidateNotNull]
    public object? BackingVolume { get; set; }

    /// <summary>The volume's XML definition (as virsh vol-create takes it).</summary>
    [Parameter(ParameterSetName = XmlSet, Mandatory = true)]
    [Parameter(ParameterSetName = XmlStoragePoolSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string Xml { get; set; } = "";

    /// <summary>Preallocate the image's metadata (qcow2).</summary>
    [Parameter] public SwitchParameter PreallocateMetadata { get; set; }

    protected override void ProcessRecord()
    {
        using var pool = ResolveOnePool(PoolName is null ? null : new[] { PoolName }, StoragePool is null ? null : new[] { StoragePool }, Connection);
        if (pool is null) return;
        bool fromXml = Xml.Length > 0;
        TryInvoke(fromXml ? Xml : Name, () =>
        {
            string xml;
            string name;
            if (fromXml)
            {
                xml = Xml;
                name = LibvirtXml.Load(xml).SelectSingleNode("/volume/name")?.InnerText ?? "(unnamed)";
            }
            else
            {
                name = Name;
                string? backingPath = null, backingFormat = null;
                if (BackingVolume is not null)
                {
                    var b = Backing(pool.Hypervisor, BackingVolume is PSObject p ? p.BaseObject : BackingVolume);
                    backingPath = b.Path;
                    backingFormat = b.Format;
                }
                xml = StorageXml.BuildVolume(Name, (ulong)CapacityBytes, MyInvocation.BoundParameters.ContainsKey(nameof(AllocationBytes)) ? (ulong)AllocationBytes : null,
                    Format ?? (backingPath is not null ? "qcow2" : null), backingPath, backingFormat);
            }
            WriteVerbose(xml);
            if (!ShouldProcess($"storage volume '{name}' in {pool.Description}", "Create")) return;
            using var vh = StorageApi.CreateVolume(pool.Handle, xml, PreallocateMetadata);
            WriteObject(StorageApi.SnapshotVolume(vh, pool.Key, pool.Hypervisor));
        });
    }

    /// <summary>The backing volume as given: an object from Get-StorageVolume, or a path or key found on the pool's connection.</summary>
    private static StorageVolume Backing(Hypervisor h, object given)
    {
        if (given is StorageVolume v) return v;
        string text = given.ToString()!;
        using var handle = StorageLookup.TryLookupVolumeByKeyOrPath(h.Connection, text)
            ?? throw new ObjectNotFoundException(ObjectKinds.StorageVolume, text, h);
        return StorageApi.SnapshotVolume(handle, null, h);
    }
}
