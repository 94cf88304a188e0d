using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Writes networks' XML definitions (virsh net-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "NetworkXml", DefaultParameterSetName = "Name")]
[OutputType(typeof(string), typeof(System.Xml.XmlDocument))]
[XmlOutput]
[Targets(typeof(Network), typeof(NetworkHandle))]
public sealed partial class GetNetworkXmlCommand : LibvirtCmdlet
{
    /// <summary>The persistent configuration rather than the running one (virsh net-dumpxml --inactive).</summary>
    [Parameter] public SwitchParameter Inactive { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteXml(NetworkApi.GetXml(t.Handle, Inactive)));
}
