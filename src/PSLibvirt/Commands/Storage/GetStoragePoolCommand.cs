using System;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists storage pools (virsh pool-list --all / pool-info).</summary>
[Cmdlet(VerbsCommon.Get, "StoragePool", DefaultParameterSetName = "All")]
[OutputType(typeof(StoragePool))]
public sealed class GetStoragePoolCommand : StoragePoolCmdlet
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter(ParameterSetName = "Active", Mandatory = true)]
    public SwitchParameter Active { get; set; }

    [Parameter(ParameterSetName = "Inactive", Mandatory = true)]
    public SwitchParameter Inactive { get; set; }

    [Parameter]
    [ValidateSet("dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd", "gluster", "zfs", "vstorage")]
    public string[]? Type { get; set; }

    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public override Hypervisor[]? Connection { get; set; }

    protected override void ProcessRecord()
    {
        bool? active = Active ? true : Inactive ? false : null;
        ForEachConnection(h =>
        {
            var pools = StorageApi.ListPools(h.Connection, h, active);
            if (Type is { Length: > 0 }) pools = pools.Where(p => Type.Contains(p.Type, StringComparer.OrdinalIgnoreCase)).ToList();
            if (Name is not { Length: > 0 })
            {
                WriteObject(pools, enumerateCollection: true);
                return;
            }
            foreach (var n in Name)
            {
                bool wildcard = WildcardPattern.ContainsWildcardCharacters(n);
                var pattern = WildcardPattern.Get(n, WildcardOptions.IgnoreCase);
                var matches = pools.Where(p => wildcard ? pattern.IsMatch(p.Name) : p.Name == n).ToList();
                if (matches.Count == 0 && !wildcard)
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException($"There is no storage pool named '{n}' on '{h.Name}'."),
                        "StoragePoolNotFound", ErrorCategory.ObjectNotFound, n));
                WriteObject(matches, enumerateCollection: true);
            }
        });
    }
}
