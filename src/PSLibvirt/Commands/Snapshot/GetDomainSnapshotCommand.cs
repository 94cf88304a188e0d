using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Lists the snapshots of domains (virsh snapshot-list, snapshot-info, snapshot-current).</summary>
[Cmdlet(VerbsCommon.Get, "DomainSnapshot", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainSnapshot))]
public sealed class GetDomainSnapshotCommand : LibvirtCmdlet
{
    /// <summary>Exact names of the domains whose snapshots to act on.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "DomainName", ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(Domain))]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public string[]? DomainName { get; set; }

    /// <summary>Domain objects, as Get-Domain writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Domain", ValueFromPipeline = true)]
    [ValidateNotNull]
    public Domain[]? Domain { get; set; }

    /// <summary>The connections to look domain names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

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
        var domains = ResolveDomains(DomainName, Domain, Connection);
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
