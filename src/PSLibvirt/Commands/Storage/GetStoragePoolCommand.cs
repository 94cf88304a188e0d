using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists storage pools (virsh pool-list --all / pool-info).</summary>
[Cmdlet(VerbsCommon.Get, "StoragePool", DefaultParameterSetName = NameSet)]
[OutputType(typeof(StoragePool))]
public sealed class GetStoragePoolCommand : LibvirtCmdlet
{
    private const string NameSet = "Name";
    private const string InputObjectSet = "InputObject";

    /// <summary>Names; wildcards allowed. Exact names that match nothing are errors.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true)]
    [Parameter(Position = 0, ParameterSetName = InputObjectSet)]
    [SupportsWildcards]
    [ObjectNameTransformation(typeof(StoragePool), AllowHypervisor = true, ObjectsAsNames = true)]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only active (running) pools.</summary>
    [Parameter]
    public SwitchParameter Active { get; set; }

    /// <summary>Only inactive pools.</summary>
    [Parameter]
    public SwitchParameter Inactive { get; set; }

    /// <summary>Only pools of these types.</summary>
    [Parameter]
    [ValidateSet("dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd", "gluster", "zfs", "vstorage")]
    public string[]? Type { get; set; }

    /// <summary>Also takes a StoragePool's Hypervisor property from the pipeline, so piped pools are read again from their own host.</summary>
    [Parameter(ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Hypervisor")]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Hypervisor objects from the pipeline (Get-Hypervisor | Get-StoragePool): their pools are listed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public Hypervisor[]? InputObject { get; set; }

    protected override void BeginProcessing()
    {
        if (Active && Inactive)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-Active and -Inactive exclude each other: a pool is one or the other. Use neither to list both."),
                "ActiveAndInactive", ErrorCategory.InvalidArgument, null));
    }

    protected override void ProcessRecord()
    {
        var hosts = TargetConnections(InputObject is { Length: > 0 } ? InputObject : Connection);
        bool? active = Active ? true : Inactive ? false : null;
        var list = (Hypervisor h) => (IReadOnlyList<StoragePool>)StorageApi.ListPools(h.Connection, h, active);
        foreach (var p in ListMatching(ObjectKinds.StoragePool, Name, hosts, list))
        {
            if (Type is { Length: > 0 } && !Type.Contains(p.Type, StringComparer.OrdinalIgnoreCase)) continue;
            WriteObject(p);
        }
    }
}
