using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Redefines existing host interfaces from XML (what virsh iface-edit saves): the XML must name the same interface
/// (the descriptor's Redefine rule); the new definition applies when the interface is next started.
/// </summary>
[Cmdlet(VerbsCommon.Set, "HostInterface", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Name")]
[OutputType(typeof(HostInterface))]
[Targets(typeof(HostInterface), typeof(InterfaceHandle))]
public sealed partial class SetHostInterfaceCommand : LibvirtCmdlet
{
    /// <summary>The interface's new XML definition, with the same name.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string Xml { get; set; } = "";

    /// <summary>Writes the redefined interface.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess($"{t.Description}, from this XML:\n{Xml}", $"Are you sure you want to redefine the {t.Description}?", "Redefine")) return;
        var i = ObjectKinds.HostInterface.Redefine(t.Hypervisor, t.Key, Xml);
        if (PassThru) WriteObject(i);
    });
}
