using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The XML description of storage pools (virsh pool-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "StoragePoolXml")]
[OutputType(typeof(string))]
public sealed class GetStoragePoolXmlCommand : StoragePoolInputCmdlet
{
    [Parameter]
    public SwitchParameter Inactive { get; set; }

    protected override void ProcessRecord() =>
        ForEachPool(Pool, (h, handle, pool) => WriteObject(StorageApi.GetPoolXml(handle, Inactive)));
}
