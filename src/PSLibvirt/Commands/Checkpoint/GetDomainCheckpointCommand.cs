using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Commands;

/// <summary>Lists the checkpoints of domains (virsh checkpoint-list, checkpoint-info, checkpoint-parent).</summary>
[Cmdlet(VerbsCommon.Get, "DomainCheckpoint", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainCheckpoint))]
[Targets(typeof(Domain), typeof(DomainHandle), KeyParameter = "DomainName", KeyPosition = -1)]
public sealed partial class GetDomainCheckpointCommand : LibvirtCmdlet
{
    /// <summary>Checkpoint names (wildcards allowed); all checkpoints when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = "Domain")]
    [Parameter(Position = 0, ParameterSetName = "DomainName")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.DomainCheckpointNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only the children of this checkpoint (virsh checkpoint-list --from); with -Descendants, all its descendants.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainCheckpointNameCompleter))]
    public string? From { get; set; }

    /// <summary>With -From: every descendant of the checkpoint, not only its children (virsh --descendants).</summary>
    [Parameter] public SwitchParameter Descendants { get; set; }

    /// <summary>Only checkpoints without a parent (virsh --roots).</summary>
    [Parameter] public SwitchParameter Roots { get; set; }

    /// <summary>Only checkpoints without children (virsh --leaves).</summary>
    [Parameter] public SwitchParameter Leaves { get; set; }

    protected override void BeginProcessing()
    {
        if (Descendants && From is null)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Descendants lists the descendants of the checkpoint named by -From: add -From."),
                "DescendantsNeedFrom", ErrorCategory.InvalidArgument, null));
        ExcludeEachOther(Roots, From is not null, "Roots", "From", "the checkpoints under -From have a parent");
    }

    protected override void ProcessRecord()
    {
        var domains = ResolveTargets();
        try
        {
            foreach (var d in domains)
            {
                TryInvoke(d.Input, () =>
                {
                    List<DomainCheckpoint> all;
                    if (From is not null)
                    {
                        using var from = DomainCheckpointApi.TryLookupByName(d.Handle, From);
                        if (from is null)
                        {
                            WriteNotFound(ObjectKinds.DomainCheckpoint, From, From, d.Hypervisor, $"domain '{d.Name}'");
                            return;
                        }
                        all = DomainCheckpointApi.Models(DomainCheckpointApi.ListChildren(from, Descendants), d.Name, d.Uuid!.Value, d.Hypervisor);
                        if (Leaves) all = all.Where(c => c.Children == 0).ToList();
                    }
                    else
                    {
                        VirDomainCheckpointListFlags filter = 0;
                        if (Roots) filter |= VirDomainCheckpointListFlags.VIR_DOMAIN_CHECKPOINT_LIST_ROOTS;
                        if (Leaves) filter |= VirDomainCheckpointListFlags.VIR_DOMAIN_CHECKPOINT_LIST_LEAVES;
                        all = DomainCheckpointApi.List(d.Handle, d.Name, d.Uuid!.Value, d.Hypervisor, filter);
                    }
                    if (Name is not { Length: > 0 })
                    {
                        WriteObject(all, enumerateCollection: true);
                        return;
                    }
                    bool filtered = From is not null || Roots || Leaves;
                    foreach (var n in Name)
                    {
                        bool wildcard = WildcardPattern.ContainsWildcardCharacters(n);
                        var pattern = Pattern(n);
                        var matches = all.Where(c => wildcard ? pattern.IsMatch(c.Name) : c.Name == n).ToList();
                        if (matches.Count == 0 && !wildcard && !filtered) WriteNotFound(ObjectKinds.DomainCheckpoint, n, n, d.Hypervisor, $"domain '{d.Name}'");
                        WriteObject(matches, enumerateCollection: true);
                    }
                });
            }
        }
        finally
        {
            foreach (var d in domains) d.Dispose();
        }
    }
}
