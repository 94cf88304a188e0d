using System;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists the DHCP leases of networks (virsh net-dhcp-leases [--mac]).</summary>
[Cmdlet(VerbsCommon.Get, "NetworkDhcpLease", DefaultParameterSetName = NameSet)]
[OutputType(typeof(NetworkDhcpLease))]
public sealed class GetNetworkDhcpLeaseCommand : NetworkCmdlet
{
    /// <summary>Only leases of these MAC addresses (wildcards allowed, case-insensitive).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? MacAddress { get; set; }

    protected override void ProcessRecord()
    {
        var patterns = MacAddress?.Select(m => WildcardPattern.Get(m, WildcardOptions.IgnoreCase)).ToArray();
        ForEachNetwork(t =>
        {
            var leases = NetworkApi.GetDhcpLeases(t.Handle, t.Name, t.Hypervisor)
                .Where(l => patterns is null || patterns.Any(p => p.IsMatch(l.MacAddress ?? "")))
                .OrderBy(l => l.MacAddress, StringComparer.OrdinalIgnoreCase);
            WriteObject(leases, enumerateCollection: true);
        });
    }
}
