using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Discovers the sources a pool type could use (virsh find-storage-pool-sources(-as)).</summary>
[Cmdlet(VerbsCommon.Find, "StoragePoolSource")]
[OutputType(typeof(StoragePoolSource))]
[ConnectionParameter]
public sealed partial class FindStoragePoolSourceCommand : LibvirtCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd", "gluster", "zfs", "vstorage")]
    public string Type { get; set; } = "";

    [Parameter]
    public string? SourceHost { get; set; }

    [Parameter]
    public string? SourceSpec { get; set; }

    protected override void ProcessRecord() => ForEachConnection(Connection, h =>
    {
        string? spec = SourceSpec;
        if (spec is null && SourceHost is not null)
            spec = $"<source><host name='{LibvirtXml.Escape(SourceHost)}'/></source>";
        string xml = StorageApi.FindPoolSources(h.Connection, Type, spec);
        WriteObject(StorageApi.ParseSources(xml, Type, h), enumerateCollection: true);
    });
}
