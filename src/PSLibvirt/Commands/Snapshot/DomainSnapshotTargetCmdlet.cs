using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// The base of the cmdlets that act on existing snapshots (Get-DomainSnapshotXml, Restore-DomainSnapshot,
/// Remove-DomainSnapshot): it declares the parameters that say which snapshots (piped DomainSnapshot objects, or
/// snapshot names in the domains of -DomainName or -Domain), written once here, and nothing else. Nothing here is
/// virtual: a cmdlet adds parameters, it never overrides these.
/// </summary>
[Targets(typeof(Domain), typeof(DomainHandle), KeyParameter = "DomainName", KeyPosition = -1)]
public abstract partial class DomainSnapshotTargetCmdlet : LibvirtCmdlet
{
    /// <summary>Snapshots, as Get-DomainSnapshot writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Snapshot", ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainSnapshot[]? Snapshot { get; set; }

    /// <summary>Exact snapshot names (no wildcards: pipe from Get-DomainSnapshot to act on many).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Domain")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "DomainName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainSnapshotNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Runs <paramref name="action"/> for each snapshot of the record (ForEachSnapshot over these parameters).</summary>
    private protected void ForEachSnapshot(Action<Target<DomainSnapshotHandle>> action) =>
        ForEachSnapshot(Snapshot, Name, DomainName, Domain, Connection, action);
}
