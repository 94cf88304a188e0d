using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Waits until the guest agent of domains answers guest-ping (after a boot, before other guest cmdlets).</summary>
[Cmdlet(VerbsLifecycle.Wait, "DomainGuestAgent", DefaultParameterSetName = "Domain")]
[OutputType(typeof(Domain))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class WaitDomainGuestAgentCommand : LibvirtCmdlet
{
    /// <summary>Seconds to wait at most (default 60).</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int Timeout { get; set; } = 60;

    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        var progress = new ProgressRecord(1, $"Waiting for the guest agent of {t.Name}", "guest-ping");
        bool answered;
        try
        {
            answered = GuestAgentApi.WaitForAgent(t.Handle, TimeSpan.FromSeconds(Timeout), Stopping, elapsed =>
            {
                progress.StatusDescription = $"guest-ping: no answer yet, {elapsed.TotalSeconds:0} s of {Timeout} s";
                progress.PercentComplete = Timeout > 0 ? (int)Math.Min(99, elapsed.TotalSeconds * 100 / Timeout) : 99;
                WriteProgress(progress);
            });
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
        if (!answered)
        {
            WriteError(new ErrorRecord(
                new GuestAgentUnresponsiveException($"The guest agent of domain '{t.Name}' on '{t.Hypervisor.Name}' did not answer within {Timeout} s (is qemu-guest-agent running in the guest?)."),
                "AgentUnresponsive", ErrorCategory.OperationTimeout, t.Input));
            return;
        }
        WritePassThru(t, PassThru);
    });
}
