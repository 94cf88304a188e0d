using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Detaches network adapters from domains (virsh detach-interface): piped adapters (Get-DomainNetworkAdapter), or those
/// with -MacAddress. An adapter the running guest did not release is the DeviceRemovalPending error, not a success.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DomainNetworkAdapter", DefaultParameterSetName = "Name", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class RemoveDomainNetworkAdapterCommand : LibvirtCmdlet
{
    /// <summary>Network adapters, as Get-DomainNetworkAdapter writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "NetworkAdapter", ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainNetworkAdapter[]? NetworkAdapter { get; set; }

    /// <summary>The MAC addresses of the adapters to detach.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Name")]
    [Parameter(Mandatory = true, ParameterSetName = "Domain")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainNetworkAdapterMacCompleter))]
    public string[]? MacAddress { get; set; }

    protected override void BeginProcessing() => _ = ChangeScope();

    protected override void ProcessRecord()
    {
        if (NetworkAdapter is not null)
        {
            ForEachDevice(ResolveDeviceDomains(NetworkAdapter, Connection), (t, n) => Detach(t, n.MacAddress, n));
            return;
        }
        ForEachTarget(ResolveTargets(), t =>
        {
            foreach (var mac in MacAddress!) TryInvoke(mac, () => Detach(t, DomainDeviceXml.NormalizeMac(mac), mac), null);
        });
    }

    private void Detach(Target<DomainHandle> t, string mac, object input)
    {
        var scope = ResolveScope(t.Handle);
        var nic = FindDeviceInScope(t, scope, xml => DomainDeviceXml.FindInterface(xml, mac), $"a network adapter with MAC address {mac}", "Get-DomainNetworkAdapter", "NetworkAdapterNotFound", input);
        if (!ShouldProcess(t.Description, $"Detach network adapter {mac} from {DomainDeviceApi.Describe(scope)}")) return;
        ReportRemoval(DomainDeviceApi.Detach(t.Handle, nic.ToString(), scope), t, $"network adapter {mac}", scope, input);
    }
}
