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
public sealed partial class AddDomainDeviceCommand : LibvirtCmdlet
{
    /// <summary>The device's XML: one element such as &lt;disk&gt;, &lt;interface&gt;, &lt;controller&gt; or &lt;hostdev&gt;.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Xml { get; set; } = "";

    /// <summary>Attach to the running domain (VIR_DOMAIN_AFFECT_LIVE).</summary>
    [Parameter] public SwitchParameter Live { get; set; }

    /// <summary>Attach to the persistent definition (VIR_DOMAIN_AFFECT_CONFIG).</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    /// <summary>Attach to the running domain if it runs, else to its persistent definition (VIR_DOMAIN_AFFECT_CURRENT).</summary>
    [Parameter] public SwitchParameter Current { get; set; }

    /// <summary>Write the attached device, as the definition the change affected now has it.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _ = ChangeScope(Live, Config, Current);
        CheckDeviceXmlArgument(Xml);
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        var scope = DomainDeviceApi.ResolveScope(t.Handle, Live, Config, Current);
        var (element, key) = DomainDeviceXml.Identify(Xml);
        if (!ShouldProcess(t.Description, $"Attach a {element}{(key is null ? "" : " (" + key + ")")} to {DomainDeviceApi.Describe(scope)}")) return;
        DomainDeviceApi.Attach(t.Handle, Xml, scope);
        if (PassThru && ReadBackDevice(t, scope, Xml) is { } d) WriteObject(d);
    });
}
