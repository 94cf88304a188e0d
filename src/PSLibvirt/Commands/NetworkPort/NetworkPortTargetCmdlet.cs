using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// The base of the cmdlets that act on existing network ports (Get-NetworkPortXml, Remove-NetworkPort): piped
/// NetworkPort objects, or port UUIDs in the networks of -NetworkName or -Network. Nothing here is virtual.
/// </summary>
[Targets(typeof(Network), typeof(NetworkHandle), KeyParameter = "NetworkName", KeyPosition = -1)]
public abstract partial class NetworkPortTargetCmdlet : LibvirtCmdlet
{
    /// <summary>Ports, as Get-NetworkPort writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "NetworkPort", ValueFromPipeline = true)]
    [ValidateNotNull]
    public NetworkPort[]? NetworkPort { get; set; }

    /// <summary>The ports' UUIDs, in the networks of -NetworkName or -Network.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Network")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "NetworkName")]
    [ArgumentCompleter(typeof(Completers.NetworkPortUuidCompleter))]
    public Guid[]? Uuid { get; set; }

    /// <summary>
    /// Runs <paramref name="action"/> for each port of the record: each piped port in its own network (found by UUID on
    /// its own connection), or each UUID in each network of -NetworkName/-Network. A port that does not exist is
    /// NetworkPortNotFound; each failure is non-terminating and the next port is processed.
    /// </summary>
    private protected void ForEachPort(Action<Target<NetworkPortHandle>> action)
    {
        if (NetworkPort is not null)
        {
            ForEachTarget(ResolveChildTargets(ObjectKinds.NetworkPort, null, NetworkPort, Array.Empty<Target<NetworkHandle>>(), connections: Connection), action);
            return;
        }
        var networks = ResolveTargets();
        try { ForEachTarget(ResolveChildTargets(ObjectKinds.NetworkPort, Uuid!.Select(u => u.ToString("D")), null, networks), action); }
        finally { foreach (var n in networks) n.Dispose(); }
    }
}
