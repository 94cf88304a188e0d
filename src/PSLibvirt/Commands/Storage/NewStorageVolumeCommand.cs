using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Creates a storage volume in a pool (virsh vol-create-as, vol-create).</summary>
[Cmdlet(VerbsCommon.New, "StorageVolume", SupportsShouldProcess = true, DefaultParameterSetName = "Size")]
[OutputType(typeof(StorageVolume))]
public sealed class NewStorageVolumeCommand : StoragePoolCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [StoragePoolTransformation]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public StoragePool Pool { get; set; } = null!;

    [Parameter(ParameterSetName = "Size", Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(ParameterSetName = "Size", Mandatory = true, Position = 2)]
    [SizeTransformation]
    [ValidateRange(0, long.MaxValue)]
    public long CapacityBytes { get; set; }

    [Parameter(ParameterSetName = "Size")]
    [SizeTransformation]
    [ValidateRange(0, long.MaxValue)]
    public long AllocationBytes { get; set; }

    [Parameter(ParameterSetName = "Size")]
    [ArgumentCompleter(typeof(Completers.VolumeFormatCompleter))]
    public string? Format { get; set; }

    [Parameter(ParameterSetName = "Size")]
    [StorageVolumeTransformation]
    public StorageVolume? BackingVolume { get; set; }

    [Parameter(ParameterSetName = "Xml", Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Xml { get; set; } = "";

    [Parameter]
    public SwitchParameter PreallocateMetadata { get; set; }

    protected override void ProcessRecord()
    {
        if (ResolveSinglePool(Pool) is not { } target) return;
        var (h, pool) = target;
        TryInvoke(ParameterSetName == "Xml" ? Xml : Name, () =>
        {
            string xml;
            string name;
            if (ParameterSetName == "Xml")
            {
                xml = Xml;
                name = StorageApi.LoadXml(xml).SelectSingleNode("/volume/name")?.InnerText ?? "(unnamed)";
            }
            else
            {
                name = Name;
                string? backingPath = null, backingFormat = null;
                if (BackingVolume is not null)
                {
                    var b = BackingVolume.Hypervisor is null ? LookupByPathOrKey(h, BackingVolume.Key) : BackingVolume;
                    backingPath = b.Path;
                    backingFormat = b.Format;
                }
                xml = StorageXml.BuildVolume(Name, (ulong)CapacityBytes, MyInvocation.BoundParameters.ContainsKey(nameof(AllocationBytes)) ? (ulong)AllocationBytes : null,
                    Format ?? (backingPath is not null ? "qcow2" : null), backingPath, backingFormat);
            }
            WriteVerbose(xml);
            if (!ShouldProcess($"volume '{name}' in storage pool '{pool.Name}' on '{h.Name}'", "Create")) return;
            using var ph = StorageApi.OpenPool(h.Connection, pool);
            using var vh = StorageApi.CreateVolume(ph, xml, PreallocateMetadata);
            WriteObject(StorageApi.SnapshotVolume(vh, pool.Name, h));
        });
    }
}
