using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Writes network filters' XML descriptions (virsh nwfilter-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "NetworkFilterXml", DefaultParameterSetName = "Name")]
[OutputType(typeof(string), typeof(System.Xml.XmlDocument))]
[XmlOutput]
[Targets(typeof(NetworkFilter), typeof(NWFilterHandle))]
public sealed partial class GetNetworkFilterXmlCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteXml(NetworkFilterApi.GetXml(t.Handle)));
}
