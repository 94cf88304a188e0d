using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>A checkpoint's XML description (virsh checkpoint-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "DomainCheckpointXml", DefaultParameterSetName = "Checkpoint")]
[OutputType(typeof(string), typeof(XmlDocument))]
[XmlOutput]
public sealed partial class GetDomainCheckpointXmlCommand : DomainCheckpointTargetCmdlet
{
    /// <summary>Include security-sensitive values of the saved domain definition (virsh --security-info).</summary>
    [Parameter] public SwitchParameter Secure { get; set; }

    /// <summary>Leave out the saved domain definition (virsh --no-domain).</summary>
    [Parameter] public SwitchParameter NoDomain { get; set; }

    /// <summary>Add each disk's size of the changes since the checkpoint (virsh --size; needs a running domain).</summary>
    [Parameter] public SwitchParameter Size { get; set; }

    protected override void ProcessRecord() => ForEachCheckpoint(t =>
        WriteXml(DomainCheckpointApi.GetXml(t.Handle, DomainCheckpointApi.XmlFlags(Secure, NoDomain, Size))));
}
