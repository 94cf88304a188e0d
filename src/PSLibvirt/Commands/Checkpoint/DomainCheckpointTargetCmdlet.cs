using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// The base of the cmdlets that act on existing checkpoints (Get-DomainCheckpointXml, Remove-DomainCheckpoint): piped
/// DomainCheckpoint objects, or checkpoint names in the domains of -DomainName or -Domain. Nothing here is virtual.
/// </summary>
[Targets(typeof(Domain), typeof(DomainHandle), KeyParameter = "DomainName", KeyPosition = -1)]
public abstract partial class DomainCheckpointTargetCmdlet : LibvirtCmdlet
{
    /// <summary>Checkpoints, as Get-DomainCheckpoint writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Checkpoint", ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainCheckpoint[]? Checkpoint { get; set; }

    /// <summary>Exact checkpoint names (no wildcards: pipe from Get-DomainCheckpoint to act on many).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Domain")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "DomainName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainCheckpointNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>
    /// Runs <paramref name="action"/> for each checkpoint of the record: each piped checkpoint in its own domain (found
    /// by UUID on its own connection), or each name in each domain of -DomainName/-Domain. A checkpoint that does not
    /// exist is DomainCheckpointNotFound; each failure is non-terminating and the next checkpoint is processed.
    /// </summary>
    private protected void ForEachCheckpoint(Action<Target<DomainCheckpointHandle>> action)
    {
        if (Checkpoint is not null)
        {
            ForEachTarget(ResolveChildTargets(ObjectKinds.DomainCheckpoint, null, Checkpoint, Array.Empty<Target<DomainHandle>>(), connections: Connection), action);
            return;
        }
        var domains = ResolveTargets();
        try { ForEachTarget(ResolveChildTargets(ObjectKinds.DomainCheckpoint, Name, null, domains), action); }
        finally { foreach (var d in domains) d.Dispose(); }
    }
}
