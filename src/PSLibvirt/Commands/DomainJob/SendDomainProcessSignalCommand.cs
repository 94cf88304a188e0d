using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Sends a signal to a process of a domain (virsh send-process-signal): in a container's guest (LXC), or the hypervisor's.</summary>
[Cmdlet(VerbsCommunications.Send, "DomainProcessSignal", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SendDomainProcessSignalCommand : LibvirtCmdlet
{
    /// <summary>The process id, in the domain's own numbering (1: its init).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(1, long.MaxValue)]
    public long ProcessId { get; set; }

    /// <summary>The signal (Linux numbering): Term, Kill, Hup, Usr1, ...; Nop checks that the process exists.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public DomainProcessSignal Signal { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, $"Send signal {Signal} ({(int)Signal}) to process {ProcessId}")) return;
        DomainJobApi.SendProcessSignal(t.Handle, ProcessId, Signal);
    });
}
