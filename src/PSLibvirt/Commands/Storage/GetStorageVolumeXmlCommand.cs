using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The XML description of volumes (virsh vol-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "StorageVolumeXml", DefaultParameterSetName = "StorageVolume")]
[OutputType(typeof(string), typeof(System.Xml.XmlDocument))]
[XmlOutput]
public sealed partial class GetStorageVolumeXmlCommand : StorageVolumeTargetCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteXml(StorageApi.GetVolumeXml(t.Handle)));
}
