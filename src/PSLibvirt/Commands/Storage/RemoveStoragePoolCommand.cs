using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Stops and undefines storage pools (virsh pool-destroy, pool-undefine); -Delete also deletes their storage (pool-delete).</summary>
[Cmdlet(VerbsCommon.Remove, "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
public sealed class RemoveStoragePoolCommand : LibvirtCmdlet
{
    /// <summary>Exact storage pool names (no wildcards: pipe from Get-StoragePool to act on many).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipeline = true)]
    [Alias("Pool")]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(StoragePool))]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Storage pool objects, as Get-StoragePool writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "StoragePool", ValueFromPipeline = true)]
    [ValidateNotNull]
    public StoragePool[]? StoragePool { get; set; }

    /// <summary>The connections to look names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Also delete the pool's storage (its directory, volume group or disk label).</summary>
    [Parameter]
    public SwitchParameter Delete { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolvePools(Name, StoragePool, Connection), t =>
    {
        string action = Delete ? "Remove and delete the pool's storage (its directory, volume group or disk label)" : "Remove (undefine)";
        if (!ShouldProcess(t.Description, action)) return;
        StorageApi.RemovePool(t.Handle, Delete);
    });
}
