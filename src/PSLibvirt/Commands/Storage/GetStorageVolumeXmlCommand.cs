using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The XML description of volumes (virsh vol-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "StorageVolumeXml", DefaultParameterSetName = "Volume")]
[OutputType(typeof(string))]
public sealed class GetStorageVolumeXmlCommand : StorageVolumeCmdlet
{
    protected override void ProcessRecord() => ForEachVolume((h, vh, vol) => WriteObject(StorageApi.GetVolumeXml(vh)));
}
