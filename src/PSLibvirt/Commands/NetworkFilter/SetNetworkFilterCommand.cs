using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Redefines existing network filters from XML (virsh nwfilter-define over an existing filter): the XML must keep the
/// filter's name and UUID (the descriptor's Redefine rule), and libvirt re-applies the filter to the interfaces using it.
/// </summary>
[Cmdlet(VerbsCommon.Set, "NetworkFilter", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Name")]
[OutputType(typeof(NetworkFilter))]
[Targets(typeof(NetworkFilter), typeof(NWFilterHandle))]
public sealed partial class SetNetworkFilterCommand : LibvirtCmdlet
{
    /// <summary>The filter's new XML definition: the same name and, when it gives one, the same UUID.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string Xml { get; set; } = "";

    /// <summary>Writes the redefined filter.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess($"{t.Description}, from this XML:\n{Xml}", $"Are you sure you want to redefine the {t.Description}?", "Redefine")) return;
        var f = ObjectKinds.NetworkFilter.Redefine(t.Hypervisor, t.Key, Xml);
        if (PassThru) WriteObject(f);
    });
}
