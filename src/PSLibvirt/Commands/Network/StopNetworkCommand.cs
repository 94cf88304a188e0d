using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Stops active networks (virsh net-destroy): guests on them lose connectivity; a transient network is gone.</summary>
[Cmdlet(VerbsLifecycle.Stop, "Network", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[OutputType(typeof(Network))]
public sealed class StopNetworkCommand : LibvirtCmdlet
{
    /// <summary>Exact network names (no wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(Network))]
    [ArgumentCompleter(typeof(Completers.NetworkNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Network objects, as Get-Network writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Network", ValueFromPipeline = true)]
    [ValidateNotNull]
    public Network[]? Network { get; set; }

    /// <summary>The connections to look names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(ObjectKinds.Network, Name, Network, Connection), t =>
    {
        if (!NetworkApi.IsActive(t.Handle))
        {
            WriteError(new ErrorRecord(
                new System.InvalidOperationException($"The {t.Description} is not active."),
                "NetworkNotActive", ErrorCategory.InvalidOperation, t.Input));
            return;
        }
        bool transient = !NetworkApi.IsPersistent(t.Handle);
        if (!ShouldProcess(t.Description, transient ? "Stop (destroy; the transient network is then gone, and guests on it lose connectivity)" : "Stop (destroy; guests on it lose connectivity)")) return;
        NetworkApi.Stop(t.Handle);
        if (transient) WriteVerbose($"The transient {t.Description} is gone now that it is stopped.");
        if (PassThru) WritePassThru(ObjectKinds.Network, t);
    });
}
