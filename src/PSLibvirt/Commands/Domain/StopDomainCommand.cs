using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Shuts domains down gracefully (virsh shutdown), optionally waiting; -Force powers off (virsh destroy).</summary>
[Cmdlet(VerbsLifecycle.Stop, "Domain", DefaultParameterSetName = DomainSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Domain))]
public sealed class StopDomainCommand : DomainCmdlet
{
    /// <summary>Seconds to wait for the domain to reach ShutOff after the shutdown request.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Timeout { get; set; }

    /// <summary>Hard power-off (virDomainDestroy); asks for confirmation.</summary>
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    private static readonly DomainState[] Stoppable =
        { DomainState.Running, DomainState.Paused, DomainState.Blocked, DomainState.Shutdown, DomainState.PMSuspended, DomainState.Crashed, DomainState.NoState };

    protected override void ProcessRecord() => ForEachDomain(t =>
    {
        if (Force)
        {
            if (!RequireState(t, "stop", "DomainNotRunning", "only an active domain can be stopped", Stoppable)) return;
            if (!ShouldProcessHighImpact(t.Description, "Power off domain (destroy)")) return;
            DomainLifecycle.Destroy(t.Handle);
            WritePassThru(t, PassThru);
            return;
        }

        if (!RequireState(t, "stop", "DomainNotRunning", "only an active domain can be stopped", Stoppable)) return;
        if (!ShouldProcess(t.Description, "Shut down domain")) return;
        DomainLifecycle.Shutdown(t.Handle);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)))
        {
            int seconds = Timeout;
            if (!WaitForStateWithProgress(t, s => s == DomainState.ShutOff, nameof(DomainState.ShutOff), seconds,
                    $"Stopping domain {t.Name}", "Waiting for the guest to shut down"))
            {
                var (now, _) = DomainApi.GetState(t.Handle);
                WriteError(new ErrorRecord(
                    new TimeoutException($"Domain '{t.Name}' on '{t.Hypervisor.Name}' did not shut off within {seconds} s; it is still {now}. " +
                        "The guest may ignore the shutdown request (no OS, or no ACPI support); Stop-Domain -Force powers it off."),
                    "StopTimeout", ErrorCategory.OperationTimeout, t.Input));
                return;
            }
        }
        WritePassThru(t, PassThru);
    });
}
