using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Keeps the host interface changes made since Start-HostInterfaceChange and ends the transaction (virsh iface-commit).</summary>
[Cmdlet(VerbsLifecycle.Complete, "HostInterfaceChange", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[ConnectionParameter]
public sealed partial class CompleteHostInterfaceChangeCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachConnection(Connection, h =>
    {
        if (!ShouldProcess($"the network configuration of '{h.Name}'", "Keep the changes (commit the change transaction)")) return;
        InterfaceApi.CommitChange(h.Connection);
    });
}
