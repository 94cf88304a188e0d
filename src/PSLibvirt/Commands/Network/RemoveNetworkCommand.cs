using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Undefines networks (virsh net-undefine); -Force stops an active one first (net-destroy).</summary>
[Cmdlet(VerbsCommon.Remove, "Network", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
public sealed class RemoveNetworkCommand : LibvirtCmdlet
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

    /// <summary>Stops an active network before undefining it (else an active network is an error).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(ObjectKinds.Network, Name, Network, Connection), t =>
    {
        bool active = NetworkApi.IsActive(t.Handle);
        bool persistent = NetworkApi.IsPersistent(t.Handle);
        if (active && !Force)
        {
            WriteError(new ErrorRecord(
                new System.InvalidOperationException($"The {t.Description} is active: stop it first (Stop-Network), or pass -Force to stop and remove it. Guests on it lose connectivity."),
                "NetworkIsActive", ErrorCategory.InvalidOperation, t.Input));
            return;
        }
        string action = active ? (persistent ? "Stop (destroy) and remove (undefine)" : "Stop (destroy) the transient network, which removes it") : "Remove (undefine)";
        if (!ShouldProcess(t.Description, action)) return;
        if (active) NetworkApi.Stop(t.Handle);
        if (persistent) NetworkApi.Undefine(t.Handle);
    });
}
