using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Sends a raw JSON command to the guest agent of domains and writes its JSON answer (virsh qemu-agent-command).</summary>
[Cmdlet(VerbsLifecycle.Invoke, "DomainGuestAgentCommand", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(string))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class InvokeDomainGuestAgentCommandCommand : LibvirtCmdlet
{
    /// <summary>The command, e.g. {"execute":"guest-info"}.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Json { get; set; } = "";

    /// <summary>Seconds to wait for the answer (default: libvirt's, 5 s); -2 waits without limit.</summary>
    [Parameter]
    [ValidateRange(-2, 86400)]
    public int Timeout { get; set; } = GuestAgentApi.DefaultTimeout;

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Send guest agent command " + Json)) return;
        try { WriteObject(GuestAgentApi.AgentCommand(t.Handle, Json, Timeout)); }
        catch (LibvirtException e) when (e.Code == Native.VirErrorNumber.VIR_ERR_AGENT_UNRESPONSIVE)
        {
            WriteError(new ErrorRecord(e, "AgentUnresponsive", ErrorCategory.OperationTimeout, t.Input));
        }
    });
}
