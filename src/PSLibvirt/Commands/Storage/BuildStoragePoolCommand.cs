using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Builds storage pools' underlying storage (virsh pool-build): makes the directory, formats the disk or volume group.</summary>
[Cmdlet("Build", "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Name")]
[OutputType(typeof(StoragePool))]
public sealed class BuildStoragePoolCommand : LibvirtCmdlet
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

    /// <summary>Overwrite existing data (pool-build --overwrite); without it, building over data fails.</summary>
    [Parameter]
    public SwitchParameter Overwrite { get; set; }

    /// <summary>Writes the pool once done.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolvePools(Name, StoragePool, Connection), t =>
    {
        if (!ShouldProcess(t.Description, "Build")) return;
        StorageApi.BuildPool(t.Handle, Overwrite);
        if (PassThru) WritePassThru(ObjectKinds.StoragePool, t);
    });
}
