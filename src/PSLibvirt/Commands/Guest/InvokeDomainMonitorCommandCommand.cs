using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Sends a command to QEMU's monitor of domains (virsh qemu-monitor-command): QMP JSON, or HMP text with -Hmp.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "DomainMonitorCommand", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(string))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class InvokeDomainMonitorCommandCommand : LibvirtCmdlet
{
    /// <summary>A QMP command in JSON ({"execute":"query-status"}), or with -Hmp a human monitor command (info status).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Command { get; set; } = "";

    /// <summary>The command is HMP text; the answer is text too.</summary>
    [Parameter] public SwitchParameter Hmp { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, (Hmp ? "Send HMP command " : "Send QMP command ") + Command)) return;
        WriteObject(GuestAgentApi.MonitorCommand(t.Handle, Command, Hmp));
    });
}
