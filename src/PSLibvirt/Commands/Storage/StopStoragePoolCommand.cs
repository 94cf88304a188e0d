using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Stops (deactivates) storage pools (virsh pool-destroy); the data stays.</summary>
[Cmdlet(VerbsLifecycle.Stop, "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Name")]
[OutputType(typeof(StoragePool))]
public sealed class StopStoragePoolCommand : LibvirtCmdlet
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

    /// <summary>Writes the pool once done.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolvePools(Name, StoragePool, Connection), t =>
    {
        if (!ShouldProcess(t.Description, "Stop (deactivate)")) return;
        bool transient = !StorageApi.IsPersistent(t.Handle);
        StorageApi.StopPool(t.Handle);
        // A transient pool no longer exists once stopped: there is nothing to pass through.
        if (transient)
        {
            WriteVerbose($"The transient {t.Description} is gone now that it is stopped.");
            return;
        }
        if (PassThru) WritePassThru(ObjectKinds.StoragePool, t);
    });
}
