using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Starts (activates) storage pools (virsh pool-start).</summary>
[Cmdlet(VerbsLifecycle.Start, "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Name")]
[OutputType(typeof(StoragePool))]
public sealed class StartStoragePoolCommand : LibvirtCmdlet
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

    /// <summary>Build the pool's storage first (pool-start --build).</summary>
    [Parameter]
    public SwitchParameter Build { get; set; }

    /// <summary>Writes the pool once done.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolvePools(Name, StoragePool, Connection), t =>
    {
        if (!ShouldProcess(t.Description, "Start")) return;
        StorageApi.StartPool(t.Handle, Build);
        if (PassThru) WritePassThru(ObjectKinds.StoragePool, t);
    });
}
