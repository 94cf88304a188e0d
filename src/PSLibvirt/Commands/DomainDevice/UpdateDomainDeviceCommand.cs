using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Changes a device of domains to the XML given (virsh update-device): a CD-ROM's medium, an interface's link state or
/// network, a graphics password, ... libvirt finds the device by what identifies it (a disk's target, an interface's MAC).
/// </summary>
[Cmdlet(VerbsData.Update, "DomainDevice", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(DomainDevice))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class UpdateDomainDeviceCommand : LibvirtCmdlet
{
    /// <summary>The device's new XML: one element, such as &lt;disk&gt; or &lt;interface&gt;.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string Xml { get; set; } = "";

    /// <summary>Force the change (VIR_DOMAIN_DEVICE_MODIFY_FORCE): eject a CD-ROM the guest has locked.</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    /// <summary>Write the updated device.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _ = ChangeScope();
        CheckDeviceXmlArgument(Xml);
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        var scope = ResolveScope(t.Handle);
        var (element, key) = DomainDeviceXml.Identify(Xml);
        if (!ShouldProcess(t.Description, $"Update the {element}{(key is null ? "" : " " + key)} of {DomainDeviceApi.Describe(scope)}")) return;
        DomainDeviceApi.Update(t.Handle, Xml, scope, Force);
        if (PassThru && ReadBackDevice(t, scope, Xml) is { } d) WriteObject(d);
    });
}
