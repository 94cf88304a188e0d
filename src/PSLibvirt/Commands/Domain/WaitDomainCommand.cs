using System;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Waits until domains reach a state (wakes on libvirt lifecycle events; Ctrl+C stops waiting at once).</summary>
[Cmdlet(VerbsLifecycle.Wait, "Domain", DefaultParameterSetName = DomainSet)]
[OutputType(typeof(Domain))]
public sealed class WaitDomainCommand : DomainCmdlet
{
    [Parameter(Mandatory = true)]
    public DomainState[]? State { get; set; }

    /// <summary>Seconds to wait at most; without it, waits until the state is reached or Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Timeout { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachDomain(t =>
    {
        var wanted = State!;
        int? limit = MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) ? Timeout : null;
        string names = string.Join(" or ", wanted);
        var progress = new ProgressRecord(2, $"Waiting for domain {t.Name}", $"Waiting for {names}");
        bool reached;
        try
        {
            reached = DomainLifecycle.WaitForState(t.Connection, t.Handle, s => wanted.Contains(s),
                limit is int s ? TimeSpan.FromSeconds(s) : null, Stopping, (elapsed, state) =>
                {
                    progress.StatusDescription = $"Waiting for {names}: {state}, {elapsed.TotalSeconds:0} s" + (limit is int tt ? $" of {tt} s" : "");
                    if (limit is int t2 && t2 > 0) progress.PercentComplete = (int)Math.Min(99, elapsed.TotalSeconds * 100 / t2);
                    WriteProgress(progress);
                });
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
        if (!reached)
        {
            var (now, _) = DomainApi.GetState(t.Handle);
            WriteError(new ErrorRecord(
                new TimeoutException($"Domain '{t.Name}' on '{t.Hypervisor.Name}' did not reach {names} within {limit} s; it is {now}."),
                "WaitTimeout", ErrorCategory.OperationTimeout, t.Input));
            return;
        }
        if (PassThru)
        {
            var h = DomainApi.TryLookupByUuid(t.Connection, t.Uuid);
            if (h is null) return; // A transient domain that stopped is gone.
            using (h) WriteObject(DomainApi.GetDomain(h, t.Connection, t.Hypervisor));
        }
    });
}
