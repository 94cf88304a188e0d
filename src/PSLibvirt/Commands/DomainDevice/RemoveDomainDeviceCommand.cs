using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Detaches devices from domains (virsh detach-device, detach-device-alias): piped device objects, or the device that
/// -Xml describes, or the device with -Alias. When the running domain still has the device afterwards (the guest did not
/// release it), that is the DeviceRemovalPending error, not a success.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DomainDevice", DefaultParameterSetName = "Name", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class RemoveDomainDeviceCommand : LibvirtCmdlet
{
    /// <summary>Devices, as Get-DomainDevice, Get-DomainDisk and Get-DomainNetworkAdapter write them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Device", ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainDevice[]? Device { get; set; }

    /// <summary>The XML of the device to detach (libvirt finds it by a disk's target, an interface's MAC, ...).</summary>
    [Parameter(ParameterSetName = "Name")]
    [Parameter(ParameterSetName = "Domain")]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string? Xml { get; set; }

    /// <summary>The alias of the device to detach (virDomainDetachDeviceAlias): any alias of a running domain, a user alias (ua-...) of a definition.</summary>
    [Parameter(ParameterSetName = "Name")]
    [Parameter(ParameterSetName = "Domain")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDeviceAliasCompleter))]
    public string? Alias { get; set; }

    protected override void BeginProcessing()
    {
        _ = ChangeScope();
        if (Xml is not null) CheckDeviceXmlArgument(Xml);
    }

    protected override void ProcessRecord()
    {
        if (Device is not null)
        {
            ForEachDevice(ResolveDeviceDomains(Device, Connection), (t, d) => Detach(t, d.Xml, null, d));
            return;
        }
        // Checked here, not in BeginProcessing: piped devices are bound only now.
        if ((Xml is null) == (Alias is null))
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Say which device to detach: give -Xml or -Alias (one of them), or pipe device objects from Get-DomainDevice, Get-DomainDisk or Get-DomainNetworkAdapter."),
                "XmlOrAliasRequired", ErrorCategory.InvalidArgument, null));
        ForEachTarget(ResolveTargets(), t => Detach(t, Xml, Alias, t.Input));
    }

    private void Detach(Target<DomainHandle> t, string? xml, string? alias, object target)
    {
        var scope = ResolveScope(t.Handle);
        string what;
        if (alias is not null) what = $"the device with alias '{alias}'";
        else
        {
            var (element, key) = DomainDeviceXml.Identify(xml!);
            what = $"the {element}{(key is null ? "" : " " + key)}";
        }
        if (!ShouldProcess(t.Description, $"Detach {what} from {DomainDeviceApi.Describe(scope)}")) return;
        var removal = alias is not null ? DomainDeviceApi.DetachAlias(t.Handle, alias, scope, Stopping) : DomainDeviceApi.Detach(t.Handle, xml!, scope);
        ReportRemoval(removal, t, what, scope, target);
    }
}
