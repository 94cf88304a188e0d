using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Lists the ports of virtual networks (virsh net-port-list); an inactive network has none.</summary>
[Cmdlet(VerbsCommon.Get, "NetworkPort", DefaultParameterSetName = "NetworkName")]
[OutputType(typeof(NetworkPort))]
[Targets(typeof(Network), typeof(NetworkHandle), KeyParameter = "NetworkName")]
public sealed partial class GetNetworkPortCommand : LibvirtCmdlet
{
    /// <summary>Only these ports (their UUIDs); all ports when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NetworkPortUuidCompleter))]
    public Guid[]? Uuid { get; set; }

    protected override void ProcessRecord()
    {
        var networks = ResolveTargets();
        try
        {
            foreach (var n in networks)
            {
                TryInvoke(n.Input, () =>
                {
                    var all = NetworkApi.IsActive(n.Handle) ? NetworkPortApi.List(n.Handle, n.Hypervisor) : new List<NetworkPort>();
                    if (Uuid is not { Length: > 0 })
                    {
                        WriteObject(all, enumerateCollection: true);
                        return;
                    }
                    foreach (var u in Uuid)
                    {
                        var match = all.Where(p => p.Uuid == u).ToList();
                        if (match.Count == 0) WriteNotFound(ObjectKinds.NetworkPort, u.ToString("D"), u, n.Hypervisor, $"network '{n.Name}'");
                        WriteObject(match, enumerateCollection: true);
                    }
                });
            }
        }
        finally
        {
            foreach (var n in networks) n.Dispose();
        }
    }
}
