using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Attaches a device described by XML to domains (virsh attach-device): to the running domain and its persistent
/// definition by default (-Live, -Config, -Current choose), both or neither.
/// </summary>
[Cmdlet(VerbsCommon.Add, "DomainDevice", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(DomainDevice))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class AddDomainDeviceCommand : LibvirtCmdlet
{
    /// <summary>The device's XML: one element such as &lt;disk&gt;, &lt;interface&gt;, &lt;controller&gt; or &lt;hostdev&gt;.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string Xml { get; set; } = "";

    /// <summary>Write the attached device, as the definition the change affected now has it.</summary>
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
        if (!ShouldProcess(t.Description, $"Attach a {element}{(key is null ? "" : " (" + key + ")")} to {DomainDeviceApi.Describe(scope)}")) return;
        DomainDeviceApi.Attach(t.Handle, Xml, scope);
        if (PassThru && ReadBackDevice(t, scope, Xml) is { } d) WriteObject(d);
    });
}
