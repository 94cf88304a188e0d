using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>Waits until domains reach a state (wakes on libvirt lifecycle events; Ctrl+C stops waiting at once).</summary>
[Cmdlet(VerbsLifecycle.Wait, "Domain", DefaultParameterSetName = "Domain")]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class WaitDomainCommand : LibvirtCmdlet
{
    [Parameter(Mandatory = true)]
    public DomainState[]? State { get; set; }

    /// <summary>Seconds to wait at most; without it, waits until the state is reached or Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Timeout { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord() => ForEachTargetWork(ResolveTargets(), t =>
    {
        var wanted = State!;
        int? limit = MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) ? Timeout : null;
        bool passThru = PassThru;
        string names = string.Join(" or ", wanted);
        return context =>
        {
            if (!WaitForStateWithProgress(context, t, s => wanted.Contains(s), names, limit, $"Waiting for domain {t.Name}", $"Waiting for {names}"))
            {
                var (now, _) = DomainApi.GetState(t.Handle);
                throw new WorkErrorException(
                    new TimeoutException($"Domain '{t.Name}' on '{t.Hypervisor.Name}' did not reach {names} within {limit} s; it is {now}."),
                    "WaitTimeout", ErrorCategory.OperationTimeout, t.Input);
            }
            WritePassThru(context, t, passThru);
        };
    });
}
