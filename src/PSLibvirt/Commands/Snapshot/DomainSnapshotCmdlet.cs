using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>One resolved snapshot: a live handle to it, and the domain target it belongs to.</summary>
public sealed class SnapshotTarget
{
    internal SnapshotTarget(DomainTarget domain, DomainSnapshotHandle handle, string name, object input)
    {
        Domain = domain;
        Handle = handle;
        Name = name;
        Input = input;
    }

    public DomainTarget Domain { get; }
    public DomainSnapshotHandle Handle { get; }
    public string Name { get; }
    /// <summary>What the user passed (a DomainSnapshot object or a name): the target of error records.</summary>
    public object Input { get; }
    public Hypervisor Hypervisor => Domain.Hypervisor;

    /// <summary>"snapshot 'name' of domain 'dom' on host" for ShouldProcess and messages.</summary>
    public string Description => $"snapshot '{Name}' of domain '{Domain.Name}' on '{Domain.Hypervisor.Name}'";

    /// <summary>A fresh Model snapshot.</summary>
    public DomainSnapshot Snapshot() => DomainSnapshotApi.Snapshot(Handle, Domain.Name, Domain.Uuid, Domain.Hypervisor);
}

/// <summary>
/// The base of the snapshot cmdlets. The domains come from -DomainName (exact names, from the pipeline as strings)
/// or -Domain (Domain objects from Get-Domain), resolved as every domain cmdlet resolves them (DomainNotFound,
/// AmbiguousDomainName); -Name names snapshots of those domains. Cmdlets that act on existing snapshots also take
/// DomainSnapshot objects (-Snapshot, from the pipeline), each acting on its own domain and connection.
/// </summary>
public abstract class DomainSnapshotCmdlet : DomainCmdlet
{
    protected const string DomainNameSet = "DomainName";
    protected const string SnapshotSet = "Snapshot";

    /// <summary>Exact names of the domains whose snapshots to act on.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DomainNameSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public string[]? DomainName { get; set; }

    /// <summary>Domain objects, as Get-Domain writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DomainSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public override Domain[]? Domain { get; set; }

    /// <summary>The domains of this record: -Domain objects or -DomainName names (nothing in the Snapshot set).</summary>
    protected List<DomainTarget> ResolveDomains() =>
        ParameterSetName == DomainSet ? ResolveTargets(null, Domain ?? Array.Empty<Domain>())
        : ParameterSetName == DomainNameSet ? ResolveTargets(DomainName ?? Array.Empty<string>(), null)
        : new List<DomainTarget>();

    /// <summary>
    /// Runs <paramref name="action"/> for each snapshot of the record: the piped DomainSnapshot objects (each looked
    /// up again by name on its domain, found by UUID on its connection), or the snapshots named by
    /// <paramref name="names"/> on each resolved domain (wildcards match the domain's snapshots when
    /// <paramref name="wildcards"/>). A snapshot that does not exist is a non-terminating ObjectNotFound error
    /// (DomainSnapshotNotFound); each failure is non-terminating and the next snapshot is processed.
    /// </summary>
    protected void ForEachSnapshot(DomainSnapshot[]? snapshots, string[]? names, bool wildcards, Action<SnapshotTarget> action)
    {
        if (ParameterSetName == SnapshotSet)
        {
            foreach (var s in snapshots ?? Array.Empty<DomainSnapshot>())
            {
                var domain = ResolveByUuid(DomainTarget.Kind, s.Hypervisor ?? TargetConnections[0], s.DomainUuid, s.Domain, s);
                if (domain is null) continue;
                using (domain) RunOn(domain, s.Name, s, action);
            }
            return;
        }

        foreach (var d in ResolveDomains())
        {
            using (d)
            {
                foreach (var n in names ?? Array.Empty<string>())
                {
                    if (wildcards && WildcardPattern.ContainsWildcardCharacters(n))
                    {
                        var pattern = WildcardPattern.Get(n, WildcardOptions.IgnoreCase);
                        List<string>? all = null;
                        if (!TryInvoke(n, () => all = DomainSnapshotApi.ListNames(d.Handle))) continue;
                        foreach (var m in all!.Where(x => pattern.IsMatch(x))) RunOn(d, m, m, action);
                    }
                    else RunOn(d, n, n, action);
                }
            }
        }
    }

    private void RunOn(DomainTarget d, string name, object input, Action<SnapshotTarget> action)
    {
        TryInvoke(input, () =>
        {
            var sh = DomainSnapshotApi.TryLookupByName(d.Handle, name);
            if (sh is null)
            {
                WriteSnapshotNotFound(name, d, input);
                return;
            }
            using (sh) action(new SnapshotTarget(d, sh, name, input));
        });
    }

    /// <summary>The non-terminating DomainSnapshotNotFound error.</summary>
    protected void WriteSnapshotNotFound(string name, DomainTarget d, object target) =>
        WriteError(new ErrorRecord(
            new ItemNotFoundException($"Domain '{d.Name}' on '{d.Hypervisor.Name}' has no snapshot named '{name}'. Get-DomainSnapshot -DomainName {d.Name} lists its snapshots."),
            "DomainSnapshotNotFound", ErrorCategory.ObjectNotFound, target));
}
