using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's XML definition (virsh dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "DomainXml", DefaultParameterSetName = "Domain")]
[OutputType(typeof(XmlDocument), typeof(string))]
public sealed class GetDomainXmlCommand : LibvirtCmdlet
{
    /// <summary>Exact domain names (no wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(Domain))]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Domain objects, as Get-Domain writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Domain", ValueFromPipeline = true)]
    [ValidateNotNull]
    public Domain[]? Domain { get; set; }

    /// <summary>The connections to look names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>The persistent configuration (what the next start uses) instead of the running one.</summary>
    [Parameter] public SwitchParameter Inactive { get; set; }

    /// <summary>Include security-sensitive values such as VNC/SPICE passwords.</summary>
    [Parameter] public SwitchParameter Secure { get; set; }

    /// <summary>The XML suitable for migration (no host-specific defaults).</summary>
    [Parameter] public SwitchParameter Migratable { get; set; }

    /// <summary>Return the XML text instead of an XmlDocument.</summary>
    [Parameter] public SwitchParameter AsString { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveDomains(Name, Domain, Connection), t =>
    {
        string xml = DomainDefinitionApi.GetXml(t.Handle, Inactive, Secure, Migratable);
        if (AsString) WriteObject(xml);
        else WriteObject(LibvirtXml.Load(xml));
    });
}
