using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A snapshot's XML description (virsh snapshot-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "DomainSnapshotXml", DefaultParameterSetName = "Snapshot")]
[OutputType(typeof(XmlDocument), typeof(string))]
public sealed class GetDomainSnapshotXmlCommand : DomainSnapshotTargetCmdlet
{
    /// <summary>Include security-sensitive values of the saved domain definition.</summary>
    [Parameter] public SwitchParameter Secure { get; set; }

    /// <summary>Return the XML text instead of an XmlDocument.</summary>
    [Parameter] public SwitchParameter AsString { get; set; }

    protected override void ProcessRecord() => ForEachSnapshot(t =>
    {
        string xml = DomainSnapshotApi.GetXml(t.Handle, Secure);
        if (AsString) WriteObject(xml);
        else WriteObject(LibvirtXml.Load(xml));
    });
}
