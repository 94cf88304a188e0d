using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Writes host interfaces' XML descriptions (virsh iface-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "HostInterfaceXml", DefaultParameterSetName = "Name")]
[OutputType(typeof(string), typeof(System.Xml.XmlDocument))]
[XmlOutput]
[Targets(typeof(HostInterface), typeof(InterfaceHandle))]
public sealed partial class GetHostInterfaceXmlCommand : LibvirtCmdlet
{
    /// <summary>The definition used at the next start rather than the live state (virsh iface-dumpxml --inactive).</summary>
    [Parameter] public SwitchParameter Inactive { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteXml(InterfaceApi.GetXml(t.Handle, Inactive)));
}
