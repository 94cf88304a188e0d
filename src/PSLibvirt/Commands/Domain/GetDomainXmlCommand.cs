using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's XML definition (virsh dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "DomainXml", DefaultParameterSetName = "Domain")]
[OutputType(typeof(string), typeof(XmlDocument))]
[XmlOutput]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainXmlCommand : LibvirtCmdlet
{
    /// <summary>The persistent configuration (what the next start uses) instead of the running one.</summary>
    [Parameter] public SwitchParameter Inactive { get; set; }

    /// <summary>Include security-sensitive values such as VNC/SPICE passwords.</summary>
    [Parameter] public SwitchParameter Secure { get; set; }

    /// <summary>The XML suitable for migration (no host-specific defaults).</summary>
    [Parameter] public SwitchParameter Migratable { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        string xml = DomainDefinitionApi.GetXml(t.Handle, Inactive, Secure, Migratable);
        WriteXml(xml);
    });
}
