using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Reboots domains (virsh reboot); -Force resets them like a reset button (virsh reset).</summary>
[Cmdlet(VerbsLifecycle.Restart, "Domain", DefaultParameterSetName = "Domain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class RestartDomainCommand : LibvirtCmdlet
{
    /// <summary>Hard reset (virDomainReset) instead of asking the guest to reboot; asks for confirmation.</summary>
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }
    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord() => ForEachTargetWork(ResolveTargets(), t =>
    {
        if (!RequireState(t, "restart", "DomainNotRunning", "only a running or paused domain can be restarted", DomainState.Running, DomainState.Paused, DomainState.Blocked)) return null;
        bool force = Force, passThru = PassThru;
        if (force ? !ShouldProcessHighImpact(t.Description, "Reset domain") : !ShouldProcess(t.Description, "Reboot domain")) return null;
        return context =>
        {
            if (force) DomainLifecycle.Reset(t.Handle);
            else
            {
                DomainLifecycle.Reboot(t.Handle);
                // A reboot leaves the state Running, so there is nothing to wait for, unlike Stop-Domain.
                context.WriteVerbose($"Asked domain '{t.Name}' on '{t.Hypervisor.Name}' to reboot; the guest reboots in its own time.");
            }
            WritePassThru(context, t, passThru);
        };
    });
}
