using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>One resolved input: a live handle to a network on one connection. Dispose it (ForEachNetwork does).</summary>
public sealed class NetworkTarget : LibvirtTarget<NetworkHandle>
{
    internal NetworkTarget(Hypervisor hypervisor, NetworkHandle handle, string name, Guid uuid, object input)
        : base(hypervisor, handle, name, uuid, input) { }

    /// <summary>"network 'name' on host" for ShouldProcess and messages.</summary>
    public override string Description => $"network '{Name}' on '{Hypervisor.Name}'";

    /// <summary>How networks are looked up and named in errors (NetworkNotFound, AmbiguousNetworkName, HypervisorIsNotANetwork).</summary>
    internal static readonly TargetKind<NetworkHandle, NetworkTarget> Kind = new()
    {
        Noun = "network",
        TypeName = nameof(PSLibvirt.Network),
        ListCommand = "Get-Network",
        TryLookupByName = NetworkApi.TryLookupByName,
        TryLookupByUuid = NetworkApi.TryLookupByUuid,
        GetName = NetworkApi.GetName,
        GetUuid = NetworkApi.GetUuid,
        Create = (h, handle, name, uuid, input) => new NetworkTarget(h, handle, name, uuid, input),
    };
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

    /// <summary>Resolves the current record's input into handles, writing NetworkNotFound / AmbiguousNetworkName (see HypervisorCmdlet.ResolveTargets).</summary>
    protected List<NetworkTarget> ResolveTargets() =>
        ResolveTargets(NetworkTarget.Kind, PipedHypervisor,
            ParameterSetName.StartsWith(NetworkSet, StringComparison.Ordinal) ? null : Name,
            ParameterSetName.StartsWith(NetworkSet, StringComparison.Ordinal) ? (Network ?? Array.Empty<Network>()).Select(n => ((object)n, n.Name, n.Uuid, n.Hypervisor)) : null);

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
