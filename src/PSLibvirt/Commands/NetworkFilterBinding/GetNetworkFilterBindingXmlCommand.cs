using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Writes network filter bindings' XML (virsh nwfilter-binding-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "NetworkFilterBindingXml", DefaultParameterSetName = "Name")]
[OutputType(typeof(string), typeof(System.Xml.XmlDocument))]
[XmlOutput]
[Targets(typeof(NetworkFilterBinding), typeof(NWFilterBindingHandle))]
public sealed partial class GetNetworkFilterBindingXmlCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteXml(NetworkFilterBindingApi.GetXml(t.Handle)));
}
