using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Where Suspend-Node puts the host: memory (suspend to RAM), disk (hibernate), or both (hybrid).</summary>
public enum NodeSuspendTarget
{
    Memory = 0,
    Disk = 1,
    Hybrid = 2,
}

/// <summary>
/// Suspends the host of a connection for a while, its real-time clock waking it again (virsh nodesuspend). Every
/// guest on it stops with it: it asks for confirmation (ConfirmImpact High).
/// </summary>
[Cmdlet(VerbsLifecycle.Suspend, "Node", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class SuspendNodeCommand : LibvirtCmdlet
{
    /// <summary>Memory (suspend to RAM), Disk (hibernate) or Hybrid.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public NodeSuspendTarget Target { get; set; }

    /// <summary>Seconds until the host's real-time clock wakes it (libvirt requires at least 60); 0: until woken otherwise.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(0, int.MaxValue)]
    public int Duration { get; set; }

    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    protected override void ProcessRecord() =>
        ForEachConnection(Connection, h =>
        {
            string what = $"the host of '{h.Name}' ({h.Hostname ?? h.Uri})";
            if (!ShouldProcess(what, $"Suspend to {Target} for {Duration} s (every guest on it stops with it)")) return;
            NodeTuningApi.Suspend(h.Connection, (int)Target, (ulong)Duration);
        });
}
