using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Undefines networks (virsh net-undefine); -Force stops an active one first (net-destroy).</summary>
[Cmdlet(VerbsCommon.Remove, "Network", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[Targets(typeof(Network), typeof(NetworkHandle))]
public sealed partial class RemoveNetworkCommand : LibvirtCmdlet
{
    /// <summary>Stops an active network before undefining it (else an active network is an error).</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
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
