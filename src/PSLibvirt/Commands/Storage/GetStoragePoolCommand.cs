using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists storage pools (virsh pool-list --all / pool-info).</summary>
[Cmdlet(VerbsCommon.Get, "StoragePool", DefaultParameterSetName = "Name")]
[OutputType(typeof(StoragePool))]
[Lists(typeof(StoragePool))]
public sealed partial class GetStoragePoolCommand : LibvirtCmdlet
{
    /// <summary>Only active (running) pools.</summary>
    [Parameter] public SwitchParameter Active { get; set; }

    /// <summary>Only inactive pools.</summary>
    [Parameter] public SwitchParameter Inactive { get; set; }

    /// <summary>Only pools of these types.</summary>
    [Parameter]
    [ValidateSet("dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd", "gluster", "zfs", "vstorage")]
    public string[]? Type { get; set; }

    protected override void BeginProcessing()
    {
        ExcludeEachOther(Active, Inactive, "Active", "Inactive", "a pool is one or the other. Use neither to list both");
    }

    protected override void ProcessRecord()
    {
        var hosts = ListedConnections();
        bool? active = Active ? true : Inactive ? false : null;
        var list = (Hypervisor h) => (IReadOnlyList<StoragePool>)StorageApi.ListPools(h.Connection, h, active);
        foreach (var p in ListMatching(ObjectKinds.StoragePool, Name, hosts, list))
        {
            if (Type is { Length: > 0 } && !Type.Contains(p.Type, StringComparer.OrdinalIgnoreCase)) continue;
            WriteObject(p);
        }
    }
}
