using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Sets how long libvirt waits for the guest agent of domains in its own agent calls (virsh guest-agent-timeout).</summary>
[Cmdlet(VerbsCommon.Set, "DomainGuestAgentTimeout", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SetDomainGuestAgentTimeoutCommand : LibvirtCmdlet
{
    /// <summary>Seconds; -1 libvirt's default (5 s), -2 wait without limit, 0 do not wait.</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(-2, int.MaxValue)]
    public int Timeout { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, $"Set the guest agent timeout to {Timeout}")) return;
        GuestInfoApi.SetAgentTimeout(t.Handle, Timeout);
    });
}
