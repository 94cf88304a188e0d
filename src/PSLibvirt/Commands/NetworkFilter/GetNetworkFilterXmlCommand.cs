using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Writes network filters' XML descriptions (virsh nwfilter-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "NetworkFilterXml", DefaultParameterSetName = "Name")]
[OutputType(typeof(string))]
[Targets(typeof(NetworkFilter), typeof(NWFilterHandle))]
public sealed partial class GetNetworkFilterXmlCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteObject(NetworkFilterApi.GetXml(t.Handle)));
}
