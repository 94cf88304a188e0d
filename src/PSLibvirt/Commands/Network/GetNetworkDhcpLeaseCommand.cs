using System;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists the DHCP leases of networks (virsh net-dhcp-leases [--mac]).</summary>
[Cmdlet(VerbsCommon.Get, "NetworkDhcpLease", DefaultParameterSetName = "Name")]
[OutputType(typeof(NetworkDhcpLease))]
public sealed class GetNetworkDhcpLeaseCommand : LibvirtCmdlet
{
    /// <summary>Exact network names (no wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(Network))]
    [ArgumentCompleter(typeof(Completers.NetworkNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Network objects, as Get-Network writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Network", ValueFromPipeline = true)]
    [ValidateNotNull]
    public Network[]? Network { get; set; }

    /// <summary>The connections to look names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Only leases of these MAC addresses (wildcards allowed, case-insensitive).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? MacAddress { get; set; }

    protected override void ProcessRecord()
    {
        var patterns = MacAddress?.Select(m => WildcardPattern.Get(m, WildcardOptions.IgnoreCase)).ToArray();
        ForEachTarget(ResolveTargets(ObjectKinds.Network, Name, Network, Connection), t =>
        {
            var leases = NetworkApi.GetDhcpLeases(t.Handle, t.Name, t.Hypervisor)
                .Where(l => patterns is null || patterns.Any(p => p.IsMatch(l.MacAddress ?? "")))
                .OrderBy(l => l.MacAddress, StringComparer.OrdinalIgnoreCase);
            WriteObject(leases, enumerateCollection: true);
        });
    }
}
