using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Replaces the domain XML kept in a domain's managed save image, or the state the domain starts in from it
/// (virsh managedsave-define, managedsave-edit).
/// </summary>
[Cmdlet(VerbsCommon.Set, "DomainManagedSaveXml", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SetDomainManagedSaveXmlCommand : LibvirtCmdlet
{
    /// <summary>The new domain XML (string or XmlDocument): the same domain, with changes libvirt accepts for a restore.</summary>
    [Parameter(Position = 1)]
    [XmlTextTransformation]
    [ValidateNotNullOrEmpty]
    public string? Xml { get; set; }

    /// <summary>Start the domain running from the image.</summary>
    [Parameter] public SwitchParameter Running { get; set; }

    /// <summary>Start the domain paused from the image.</summary>
    [Parameter] public SwitchParameter Paused { get; set; }

    protected override void BeginProcessing() => CheckSaveImageChange(Xml, Running, Paused);

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, DescribeSaveImageChange(Xml, Running, Paused) + " of its managed save image")) return;
        DomainSaveImageApi.DefineManagedSaveXml(t.Handle, Xml, RunningState(Running, Paused));
    });
}
