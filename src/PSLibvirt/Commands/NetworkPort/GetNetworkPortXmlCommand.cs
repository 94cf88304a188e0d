using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>A network port's XML description (virsh net-port-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "NetworkPortXml", DefaultParameterSetName = "NetworkPort")]
[OutputType(typeof(string), typeof(XmlDocument))]
[XmlOutput]
public sealed partial class GetNetworkPortXmlCommand : NetworkPortTargetCmdlet
{
    protected override void ProcessRecord() => ForEachPort(t => WriteXml(NetworkPortApi.GetXml(t.Handle)));
}
