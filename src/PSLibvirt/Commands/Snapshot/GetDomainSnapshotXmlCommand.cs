using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>A snapshot's XML description (virsh snapshot-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "DomainSnapshotXml", DefaultParameterSetName = SnapshotSet)]
[OutputType(typeof(XmlDocument), typeof(string))]
public sealed class GetDomainSnapshotXmlCommand : DomainSnapshotCmdlet
{
    /// <summary>Snapshots, as Get-DomainSnapshot writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SnapshotSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainSnapshot[]? Snapshot { get; set; }

    /// <summary>Snapshot names (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DomainSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DomainNameSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.DomainSnapshotNameCompleter))]
    public override string[]? Name { get; set; }

    /// <summary>Include security-sensitive values of the saved domain definition.</summary>
    [Parameter] public SwitchParameter Secure { get; set; }

    /// <summary>Return the XML text instead of an XmlDocument.</summary>
    [Parameter] public SwitchParameter AsString { get; set; }

    protected override void ProcessRecord() => ForEachSnapshot(Snapshot, Name, wildcards: true, t =>
    {
        string xml = DomainSnapshotApi.GetXml(t.Handle, Secure);
        if (AsString) WriteObject(xml);
        else WriteObject(DomainXmlBuilder.Parse(xml));
    });
}
