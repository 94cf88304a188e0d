using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists virtual networks (virsh net-list --all, net-info).</summary>
[Cmdlet(VerbsCommon.Get, "Network", DefaultParameterSetName = NameSet)]
[OutputType(typeof(Network))]
public sealed class GetNetworkCommand : LibvirtCmdlet
{
    private const string NameSet = "Name";
    private const string InputObjectSet = "InputObject";

    /// <summary>Names; wildcards allowed. Exact names that match nothing are errors.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true)]
    [Parameter(Position = 0, ParameterSetName = InputObjectSet)]
    [SupportsWildcards]
    [ObjectNameTransformation(typeof(Network), AllowHypervisor = true, ObjectsAsNames = true)]
    [ArgumentCompleter(typeof(Completers.NetworkNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    public SwitchParameter Active { get; set; }

    [Parameter]
    public SwitchParameter Inactive { get; set; }

    [Parameter]
    public SwitchParameter Persistent { get; set; }

    [Parameter]
    public SwitchParameter Transient { get; set; }

    [Parameter]
    public SwitchParameter Autostart { get; set; }

    /// <summary>Also takes a Network's Hypervisor property from the pipeline, so piped networks are read again from their own host.</summary>
    [Parameter(ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Hypervisor")]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Hypervisor objects from the pipeline (Get-Hypervisor | Get-Network): their networks are listed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public Hypervisor[]? InputObject { get; set; }

    protected override void BeginProcessing()
    {
        if (Persistent && Transient)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-Persistent and -Transient exclude each other: a network is one or the other. Use neither to list both."),
                "PersistentAndTransient", ErrorCategory.InvalidArgument, null));
        if (Active && Inactive)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-Active and -Inactive exclude each other: a network is one or the other. Use neither to list both."),
                "ActiveAndInactive", ErrorCategory.InvalidArgument, null));
    }

    private bool Keep(Network n) =>
        (!Active || n.Active) && (!Inactive || !n.Active) &&
        (!Persistent || n.Persistent) && (!Transient || !n.Persistent) &&
        (!Autostart || n.Autostart);

    protected override void ProcessRecord()
    {
        var hosts = TargetConnections(InputObject is { Length: > 0 } ? InputObject : Connection);
        var sorted = (Hypervisor h) => (IReadOnlyList<Network>)ObjectKinds.Network.List(h).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        foreach (var n in ListMatching(ObjectKinds.Network, Name, hosts, sorted))
            if (Keep(n)) WriteObject(n);
    }
}
