using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists the snapshots of domains (virsh snapshot-list, snapshot-info, snapshot-current).</summary>
[Cmdlet(VerbsCommon.Get, "DomainSnapshot", DefaultParameterSetName = DomainSet)]
[OutputType(typeof(DomainSnapshot))]
public sealed class GetDomainSnapshotCommand : DomainSnapshotCmdlet
{
    /// <summary>Snapshot names (wildcards allowed); all snapshots when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = DomainSet)]
    [Parameter(Position = 0, ParameterSetName = DomainNameSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.DomainSnapshotNameCompleter))]
    public override string[]? Name { get; set; }

    /// <summary>Only the domain's current snapshot.</summary>
    [Parameter] public SwitchParameter Current { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var d in ResolveDomains())
        {
            using (d)
            {
                TryInvoke(d.Input, () =>
                {
                    var all = DomainSnapshotApi.List(d.Handle, d.Name, d.Uuid, d.Hypervisor);
                    if (Current) all = all.Where(s => s.IsCurrent).ToList();
                    if (Name is not { Length: > 0 })
                    {
                        WriteObject(all, enumerateCollection: true);
                        return;
                    }
                    foreach (var n in Name)
                    {
                        bool wildcard = WildcardPattern.ContainsWildcardCharacters(n);
                        var pattern = WildcardPattern.Get(n, WildcardOptions.IgnoreCase);
                        var matches = all.Where(s => wildcard ? pattern.IsMatch(s.Name) : s.Name == n).ToList();
                        if (matches.Count == 0 && !wildcard && !Current) WriteSnapshotNotFound(n, d, n);
                        WriteObject(matches, enumerateCollection: true);
                    }
                });
            }
        }
    }
}
