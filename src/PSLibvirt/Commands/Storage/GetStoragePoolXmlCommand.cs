using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The XML description of storage pools (virsh pool-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "StoragePoolXml")]
[OutputType(typeof(string))]
public sealed class GetStoragePoolXmlCommand : StoragePoolCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [StoragePoolTransformation]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public StoragePool[] Pool { get; set; } = Array.Empty<StoragePool>();

    [Parameter]
    public SwitchParameter Inactive { get; set; }

    protected override void ProcessRecord() =>
        ForEachPool(Pool, (h, handle, pool) => WriteObject(StorageApi.GetPoolXml(handle, Inactive)));
}
