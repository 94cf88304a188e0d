using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Writes secrets' XML definitions (virsh secret-dumpxml); the XML never contains the value.</summary>
[Cmdlet(VerbsCommon.Get, "LibvirtSecretXml", DefaultParameterSetName = UuidSet)]
[OutputType(typeof(string))]
public sealed class GetLibvirtSecretXmlCommand : SecretCmdlet
{
    protected override void ProcessRecord() => ForEachSecret(t => WriteObject(SecretApi.GetXml(t.Handle)));
}
