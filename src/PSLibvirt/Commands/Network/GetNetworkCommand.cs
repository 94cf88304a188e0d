using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists virtual networks (virsh net-list --all, net-info).</summary>
[Cmdlet(VerbsCommon.Get, "Network", DefaultParameterSetName = NameSet)]
[OutputType(typeof(Network))]
public sealed class GetNetworkCommand : HypervisorCmdlet
{
    private const string NameSet = "Name";

    /// <summary>Names; wildcards allowed. Exact names that match nothing are errors.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Parameter(Position = 0, ParameterSetName = InputObjectSet)]
    [SupportsWildcards]
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
    public override Hypervisor[]? Connection { get; set; }

    /// <summary>Hypervisor objects from the pipeline (Get-Hypervisor | Get-Network): their networks are listed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public override Hypervisor[]? InputObject { get; set; }

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
        ForEachConnection(h =>
        {
            var all = NetworkApi.List(h.Connection, h).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
            if (Name is not { Length: > 0 })
            {
                WriteObject(all.Where(Keep), enumerateCollection: true);
                return;
            }
            var written = new HashSet<Guid>();
            foreach (var name in Name)
            {
                bool wildcard = WildcardPattern.ContainsWildcardCharacters(name);
                var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
                var matches = all.Where(n => wildcard ? pattern.IsMatch(n.Name) : n.Name == name).ToList();
                if (matches.Count == 0 && !wildcard)
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException($"There is no network named '{name}' on '{h.Name}'. Get-Network lists the networks."),
                        "NetworkNotFound", ErrorCategory.ObjectNotFound, name));
                foreach (var m in matches.Where(Keep))
                    if (written.Add(m.Uuid)) WriteObject(m);
            }
        });
    }
}
