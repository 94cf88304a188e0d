using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Lists the snapshots of domains (virsh snapshot-list, snapshot-info, snapshot-current).</summary>
[Cmdlet(VerbsCommon.Get, "DomainSnapshot", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainSnapshot))]
[Targets(typeof(Domain), typeof(DomainHandle), KeyParameter = "DomainName", KeyPosition = -1)]
public sealed partial class GetDomainSnapshotCommand : LibvirtCmdlet
{
    /// <summary>Snapshot names (wildcards allowed); all snapshots when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = "Domain")]
    [Parameter(Position = 0, ParameterSetName = "DomainName")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.DomainSnapshotNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only the domain's current snapshot.</summary>
    [Parameter] public SwitchParameter Current { get; set; }

    protected override void ProcessRecord()
    {
        var domains = ResolveTargets();
        try
        {
            foreach (var d in domains)
            {
                TryInvoke(d.Input, () =>
                {
                    var all = DomainSnapshotApi.List(d.Handle, d.Name, d.Uuid!.Value, d.Hypervisor);
                    if (Current) all = all.Where(s => s.IsCurrent).ToList();
                    if (Name is not { Length: > 0 })
                    {
                        WriteObject(all, enumerateCollection: true);
                        return;
                    }
                    foreach (var n in Name)
                    {
                        bool wildcard = WildcardPattern.ContainsWildcardCharacters(n);
                        var pattern = Pattern(n);
                        var matches = all.Where(s => wildcard ? pattern.IsMatch(s.Name) : s.Name == n).ToList();
                        if (matches.Count == 0 && !wildcard && !Current) WriteNotFound(ObjectKinds.DomainSnapshot, n, n, d.Hypervisor, $"domain '{d.Name}'");
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
