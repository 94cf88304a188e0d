using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Shuts domains down gracefully (virsh shutdown) and waits until they are off, as Hyper-V's Stop-VM does (-NoWait
/// returns once the guest was asked, as virsh shutdown does); -Force powers off (virsh destroy).
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "Domain", DefaultParameterSetName = "Domain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class StopDomainCommand : LibvirtCmdlet
{
    /// <summary>Seconds to wait for the domain to reach ShutOff after the shutdown request (a bound: unattended scripts never hang on a guest that ignores it).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Timeout { get; set; } = DefaultTimeoutSeconds;

    /// <summary>Return once the guest was asked to shut down, without waiting (virsh shutdown).</summary>
    [Parameter] public SwitchParameter NoWait { get; set; }

    private const int DefaultTimeoutSeconds = 120;

    /// <summary>Hard power-off (virDomainDestroy); asks for confirmation.</summary>
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    private static readonly DomainState[] Stoppable =
        { DomainState.Running, DomainState.Paused, DomainState.Blocked, DomainState.Shutdown, DomainState.PMSuspended, DomainState.Crashed, DomainState.NoState };

    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void BeginProcessing()
    {
        ExcludeEachOther(NoWait, MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)), nameof(NoWait), nameof(Timeout), "-NoWait does not wait");
        ExcludeEachOther(Force, NoWait, nameof(Force), nameof(NoWait), "a power-off is done when -Force returns");
        base.BeginProcessing();
    }

    protected override void ProcessRecord() => ForEachTargetWork(ResolveTargets(), t =>
    {
        bool passThru = PassThru;
        if (Force)
        {
            if (!RequireState(t, "stop", "DomainNotRunning", "only an active domain can be stopped", Stoppable)) return null;
            if (!ShouldProcessHighImpact(t.Description, "Power off domain (destroy)")) return null;
            return context =>
            {
                DomainLifecycle.Destroy(t.Handle);
                WritePassThru(context, t, passThru);
            };
        }

        if (!RequireState(t, "stop", "DomainNotRunning", "only an active domain can be stopped", Stoppable)) return null;
        if (!ShouldProcess(t.Description, "Shut down domain")) return null;
        int? seconds = NoWait ? null : Timeout;
        return context =>
        {
            DomainLifecycle.Shutdown(t.Handle);
            if (seconds is null) context.WriteVerbose($"Asked domain '{t.Name}' on '{t.Hypervisor.Name}' to shut down; not waiting (-NoWait).");
            if (seconds is int limit &&
                !WaitForStateWithProgress(context, t, s => s == DomainState.ShutOff, nameof(DomainState.ShutOff), limit,
                    $"Stopping domain {t.Name}", "Waiting for the guest to shut down"))
            {
                var (now, _) = DomainApi.GetState(t.Handle);
                throw new WorkErrorException(
                    new TimeoutException($"Domain '{t.Name}' on '{t.Hypervisor.Name}' did not shut off within {limit} s; it is still {now}. " +
                        "The guest may ignore the shutdown request (no OS, or no ACPI support); Stop-Domain -Force powers it off."),
                    "StopTimeout", ErrorCategory.OperationTimeout, t.Input);
            }
            WritePassThru(context, t, passThru);
        };
    });
}
