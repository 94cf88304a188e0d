using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Writes secrets' XML definitions (virsh secret-dumpxml); the XML never contains the value.</summary>
[Cmdlet(VerbsCommon.Get, "LibvirtSecretXml", DefaultParameterSetName = "Uuid")]
[OutputType(typeof(string), typeof(System.Xml.XmlDocument))]
[XmlOutput]
[Targets(typeof(Secret), typeof(SecretHandle), KeyParameter = "Uuid")]
public sealed partial class GetLibvirtSecretXmlCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteXml(SecretApi.GetXml(t.Handle)));
}
