using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A snapshot's XML description (virsh snapshot-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "DomainSnapshotXml", DefaultParameterSetName = "Snapshot")]
[OutputType(typeof(string), typeof(XmlDocument))]
[XmlOutput]
public sealed partial class GetDomainSnapshotXmlCommand : DomainSnapshotTargetCmdlet
{
    /// <summary>Include security-sensitive values of the saved domain definition.</summary>
    [Parameter] public SwitchParameter Secure { get; set; }

    protected override void ProcessRecord() => ForEachSnapshot(t =>
    {
        string xml = DomainSnapshotApi.GetXml(t.Handle, Secure);
        WriteXml(xml);
    });
}
