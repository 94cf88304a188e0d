using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Writes node devices' XML descriptions (virsh nodedev-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "NodeDeviceXml", DefaultParameterSetName = "Name")]
[OutputType(typeof(string), typeof(System.Xml.XmlDocument))]
[XmlOutput]
[Targets(typeof(NodeDevice), typeof(NodeDeviceHandle))]
public sealed partial class GetNodeDeviceXmlCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() =>
        ForEachTarget(ResolveTargets(),
            t => WriteXml(NodeDeviceApi.GetXml(t.Handle)));
}
