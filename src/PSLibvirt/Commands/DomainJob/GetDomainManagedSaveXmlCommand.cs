using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The domain XML kept in a domain's managed save image (virsh managedsave-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "DomainManagedSaveXml", DefaultParameterSetName = "Domain")]
[OutputType(typeof(string), typeof(XmlDocument))]
[XmlOutput]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainManagedSaveXmlCommand : LibvirtCmdlet
{
    /// <summary>Include security-sensitive values such as VNC/SPICE passwords.</summary>
    [Parameter] public SwitchParameter Secure { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteXml(DomainSaveImageApi.GetManagedSaveXml(t.Handle, Secure)));
}
