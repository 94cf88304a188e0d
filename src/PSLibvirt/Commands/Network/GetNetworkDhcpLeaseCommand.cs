using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Lists the DHCP leases of networks (virsh net-dhcp-leases [--mac]).</summary>
[Cmdlet(VerbsCommon.Get, "NetworkDhcpLease", DefaultParameterSetName = "Name")]
[OutputType(typeof(NetworkDhcpLease))]
[Targets(typeof(Network), typeof(NetworkHandle))]
public sealed partial class GetNetworkDhcpLeaseCommand : LibvirtCmdlet
{
    /// <summary>Only leases of these MAC addresses (wildcards allowed, case-insensitive).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? MacAddress { get; set; }

    protected override void ProcessRecord()
    {
        var patterns = MacAddress?.Select(m => WildcardPattern.Get(m, WildcardOptions.IgnoreCase)).ToArray();
        ForEachTarget(ResolveTargets(), t =>
        {
            var leases = NetworkApi.GetDhcpLeases(t.Handle, t.Name, t.Hypervisor)
                .Where(l => patterns is null || patterns.Any(p => p.IsMatch(l.MacAddress ?? "")))
                .OrderBy(l => l.MacAddress, StringComparer.OrdinalIgnoreCase);
            WriteObject(leases, enumerateCollection: true);
        });
    }
}
