using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The XML description of volumes (virsh vol-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "StorageVolumeXml", DefaultParameterSetName = "StorageVolume")]
[OutputType(typeof(string))]
public sealed class GetStorageVolumeXmlCommand : StorageVolumeTargetCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteObject(StorageApi.GetVolumeXml(t.Handle)));
}
