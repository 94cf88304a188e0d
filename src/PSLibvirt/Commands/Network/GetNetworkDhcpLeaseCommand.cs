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
    [ArgumentCompleter(typeof(Completers.NetworkLeaseMacCompleter))]
    public string[]? MacAddress { get; set; }

    protected override void ProcessRecord()
    {
        List<WildcardPattern>? patterns = null;
        if (MacAddress is not null)
        {
            patterns = new();
            foreach (var m in MacAddress) TryInvoke(m, () => patterns.Add(Pattern(m)), "InvalidWildcardPattern");
            if (patterns.Count == 0) return;
        }
        ForEachTarget(ResolveTargets(), t =>
        {
            var leases = NetworkApi.GetDhcpLeases(t.Handle, t.Name, t.Hypervisor)
                .Where(l => patterns is null || patterns.Any(p => p.IsMatch(l.MacAddress ?? "")))
                .OrderBy(l => l.MacAddress, StringComparer.OrdinalIgnoreCase);
            WriteObject(leases, enumerateCollection: true);
        });
    }
}
