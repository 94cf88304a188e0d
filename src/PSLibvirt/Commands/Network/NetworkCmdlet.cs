using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>One resolved input: a live handle to a network on one connection. Dispose it (ForEachNetwork does).</summary>
public sealed class NetworkTarget : IDisposable
{
    internal NetworkTarget(Hypervisor hypervisor, NetworkHandle handle, string name, Guid uuid, object input)
    {
        Hypervisor = hypervisor;
        Handle = handle;
        Name = name;
        Uuid = uuid;
        Input = input;
    }

    public Hypervisor Hypervisor { get; }
    public NetworkHandle Handle { get; }
    public string Name { get; }
    public Guid Uuid { get; }
    /// <summary>What the user passed (a Network object or a name): the target of error records.</summary>
    public object Input { get; }
    public LibvirtConnection Connection => Hypervisor.Connection;

    /// <summary>"network 'name' on host" for ShouldProcess and messages.</summary>
    public string Description => $"network '{Name}' on '{Hypervisor.Name}'";

    public void Dispose() => Handle.Dispose();
}

/// <summary>
/// The base of cmdlets that act on existing virtual networks: -Name (exact names, from the pipeline as strings or
/// ByPropertyName) or -Network (Network objects from Get-Network). A Network object is looked up again by UUID on
/// the connection it came from, so it is never ambiguous. A name is looked up on every target connection
/// (-Connection, or the default one) and must identify one network: found on none is a non-terminating
/// ObjectNotFound error (NetworkNotFound), found on several a non-terminating InvalidArgument error
/// (AmbiguousNetworkName); either way nothing is done for that name and the next input is processed.
/// </summary>
public abstract class NetworkCmdlet : HypervisorCmdlet
{
    protected const string NameSet = "Name";
    protected const string NetworkSet = "Network";

    /// <summary>Exact network names (no wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NetworkNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Network objects, as Get-Network writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NetworkSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Network[]? Network { get; set; }

    /// <summary>
    /// Catches Hypervisor objects piped to a cmdlet that acts on networks (Get-Hypervisor | Stop-Network), which
    /// PowerShell would otherwise bind by their Name property to -Name. Bound only by an exact Hypervisor.
    /// </summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public Hypervisor[]? PipedHypervisor { get; set; }

    /// <summary>Resolves the current record's input into handles, writing NetworkNotFound / AmbiguousNetworkName.</summary>
    protected List<NetworkTarget> ResolveTargets()
    {
        var targets = new List<NetworkTarget>();
        if (PipedHypervisor is { Length: > 0 } piped)
        {
            foreach (var h in piped)
                WriteError(new ErrorRecord(
                    new ArgumentException($"A connection ('{h.Name}', {h.Uri}) was piped to {MyInvocation.MyCommand.Name}, which acts on networks. Pipe networks instead: Get-Network -Connection {h.Name} | {MyInvocation.MyCommand.Name}."),
                    "HypervisorIsNotANetwork", ErrorCategory.InvalidArgument, h));
            return targets;
        }
        if (ParameterSetName.StartsWith(NetworkSet, StringComparison.Ordinal))
        {
            foreach (var n in Network ?? Array.Empty<Network>())
            {
                var h = n.Hypervisor ?? TargetConnections[0];
                TryInvoke(n, () =>
                {
                    var handle = NetworkApi.TryLookupByUuid(h.Connection, n.Uuid);
                    if (handle is null) WriteNotFound(n.Name, n, h);
                    else
                    {
                        try { targets.Add(new NetworkTarget(h, handle, NetworkApi.GetName(handle), n.Uuid, n)); }
                        catch { handle.Dispose(); throw; }
                    }
                });
            }
            return targets;
        }

        var connections = TargetConnections;
        foreach (var name in Name ?? Array.Empty<string>())
        {
            var found = new List<NetworkTarget>();
            foreach (var h in connections)
            {
                TryInvoke(name, () =>
                {
                    var handle = NetworkApi.TryLookupByName(h.Connection, name);
                    if (handle is null) return;
                    try { found.Add(new NetworkTarget(h, handle, name, NetworkApi.GetUuid(handle), name)); }
                    catch { handle.Dispose(); throw; }
                });
            }
            if (found.Count == 0) WriteNotFound(name, name, connections.Count == 1 ? connections[0] : null);
            else if (found.Count > 1)
            {
                string where = string.Join(", ", found.Select(t => $"'{t.Hypervisor.Name}' ({t.Hypervisor.Uri})"));
                foreach (var t in found) t.Dispose();
                WriteError(new ErrorRecord(
                    new ArgumentException($"The name '{name}' matches a network on each of {found.Count} connections: {where}. Pass one -Connection, or pipe the Network object from Get-Network."),
                    "AmbiguousNetworkName", ErrorCategory.InvalidArgument, name));
            }
            else targets.Add(found[0]);
        }
        return targets;
    }

    private void WriteNotFound(string name, object target, Hypervisor? h)
    {
        string where = h is null ? "any of the target connections" : $"connection '{h.Name}' ({h.Uri})";
        WriteError(new ErrorRecord(
            new ItemNotFoundException($"There is no network named '{name}' on {where}. Get-Network lists the networks."),
            "NetworkNotFound", ErrorCategory.ObjectNotFound, target));
    }

    /// <summary>Runs <paramref name="action"/> for each resolved network; each failure is non-terminating.</summary>
    protected void ForEachNetwork(Action<NetworkTarget> action)
    {
        foreach (var t in ResolveTargets())
        {
            using (t) TryInvoke(t.Input, () => action(t));
        }
    }

    /// <summary>Writes a fresh snapshot of the network when <paramref name="passThru"/> (a transient network that stopped is gone: nothing).</summary>
    protected void WritePassThru(NetworkTarget t, bool passThru)
    {
        if (!passThru) return;
        var h = NetworkApi.TryLookupByUuid(t.Connection, t.Uuid);
        if (h is null) return;
        using (h) WriteObject(NetworkApi.Snapshot(h, t.Hypervisor));
    }
}
