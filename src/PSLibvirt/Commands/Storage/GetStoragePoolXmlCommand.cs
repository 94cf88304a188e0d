using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The XML description of storage pools (virsh pool-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "StoragePoolXml", DefaultParameterSetName = "Name")]
[OutputType(typeof(string), typeof(System.Xml.XmlDocument))]
[XmlOutput]
[Targets(typeof(StoragePool), typeof(StoragePoolHandle), KeyAlias = "Pool")]
public sealed partial class GetStoragePoolXmlCommand : LibvirtCmdlet
{
    /// <summary>The persistent definition of an active pool (pool-dumpxml --inactive).</summary>
    [Parameter] public SwitchParameter Inactive { get; set; }

    protected override void ProcessRecord() =>
        ForEachTarget(ResolveTargets(), t => WriteXml(StorageApi.GetPoolXml(t.Handle, Inactive)));
}
