using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSLibvirt.Core;

namespace PSLibvirt.Completers;

/// <summary>
/// Completes the MAC addresses of the DHCP leases of the networks bound to -Name or -Network (nothing when none is),
/// the address and host name as tooltip; one lease read per network, on the connections already open.
/// </summary>
internal sealed class NetworkLeaseMacCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(CompleterConnections.Safe(() =>
        {
            var names = BoundNetworks(fakeBoundParameters);
            var result = new List<(string, string)>();
            foreach (var h in CompleterConnections.From(fakeBoundParameters))
                foreach (var n in names)
                {
                    using var net = NetworkApi.TryLookupByName(h.Connection, n);
                    if (net is null) continue;
                    result.AddRange(NetworkApi.GetDhcpLeases(net, n, h)
                        .Where(l => !string.IsNullOrEmpty(l.MacAddress))
                        .Select(l => (l.MacAddress!, $"{l.MacAddress}: {l.IPAddress}{(string.IsNullOrEmpty(l.Hostname) ? "" : " " + l.Hostname)} ({n})")));
                }
            return result.GroupBy(i => i.Item1, StringComparer.OrdinalIgnoreCase).Select(g => g.First());
        }), wordToComplete);

    private static List<string> BoundNetworks(IDictionary fakeBoundParameters) =>
        CompleterConnections.BoundNames(fakeBoundParameters, new[] { "Name", "Network" }, o => (o as Network)?.Name);
}
