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

    /// <summary>Detach from the running domain (VIR_DOMAIN_AFFECT_LIVE).</summary>
    [Parameter] public SwitchParameter Live { get; set; }

    /// <summary>Detach from the persistent definition (VIR_DOMAIN_AFFECT_CONFIG).</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    /// <summary>Detach from the running domain if it runs, else from its persistent definition (VIR_DOMAIN_AFFECT_CURRENT).</summary>
    [Parameter] public SwitchParameter Current { get; set; }

    protected override void BeginProcessing() => _ = ChangeScope(Live, Config, Current);

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
        var scope = DomainDeviceApi.ResolveScope(t.Handle, Live, Config, Current);
        var nic = FindDeviceInScope(t, scope, xml => DomainDeviceXml.FindInterface(xml, mac), $"a network adapter with MAC address {mac}", "Get-DomainNetworkAdapter", "NetworkAdapterNotFound", input);
        if (!ShouldProcess(t.Description, $"Detach network adapter {mac} from {DomainDeviceApi.Describe(scope)}")) return;
        ReportRemoval(DomainDeviceApi.Detach(t.Handle, nic.ToString(), scope), t, $"network adapter {mac}", scope, input);
    }
}
