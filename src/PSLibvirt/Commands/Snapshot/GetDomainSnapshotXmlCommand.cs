using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A snapshot's XML description (virsh snapshot-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "DomainSnapshotXml", DefaultParameterSetName = "Snapshot")]
[OutputType(typeof(XmlDocument), typeof(string))]
public sealed class GetDomainSnapshotXmlCommand : LibvirtCmdlet
{
    /// <summary>Exact names of the domains whose snapshots to act on.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "DomainName", ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(Domain))]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public string[]? DomainName { get; set; }

    /// <summary>Domain objects, as Get-Domain writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Domain", ValueFromPipeline = true)]
    [ValidateNotNull]
    public Domain[]? Domain { get; set; }

    /// <summary>The connections to look domain names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Snapshots, as Get-DomainSnapshot writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Snapshot", ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainSnapshot[]? Snapshot { get; set; }

    /// <summary>Exact snapshot names (no wildcards: pipe from Get-DomainSnapshot to read many).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Domain")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "DomainName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainSnapshotNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Include security-sensitive values of the saved domain definition.</summary>
    [Parameter] public SwitchParameter Secure { get; set; }

    /// <summary>Return the XML text instead of an XmlDocument.</summary>
    [Parameter] public SwitchParameter AsString { get; set; }

    protected override void ProcessRecord() => ForEachSnapshot(Snapshot, Name, DomainName, Domain, Connection, t =>
    {
        string xml = DomainSnapshotApi.GetXml(t.Handle, Secure);
        if (AsString) WriteObject(xml);
        else WriteObject(LibvirtXml.Load(xml));
    });
}
