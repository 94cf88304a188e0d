using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Saves the host's network configuration before a change, so the change can be kept with
/// Complete-HostInterfaceChange or put back with Undo-HostInterfaceChange (virsh iface-begin).
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "HostInterfaceChange", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[ConnectionParameter]
public sealed partial class StartHostInterfaceChangeCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachConnection(Connection, h =>
    {
        if (!ShouldProcess($"the network configuration of '{h.Name}'", "Save (begin a change transaction)")) return;
        InterfaceApi.BeginChange(h.Connection);
        WriteVerbose($"The network configuration of '{h.Name}' is saved: Complete-HostInterfaceChange keeps the changes made from now on, Undo-HostInterfaceChange puts it back.");
    });
}
