using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The XML description of a domain's running backup job (virsh backup-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "DomainBackupXml", DefaultParameterSetName = "Domain")]
[OutputType(typeof(string), typeof(XmlDocument))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[XmlOutput]
public sealed partial class GetDomainBackupXmlCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteXml(DomainBackupApi.GetXml(t.Handle)));
}
