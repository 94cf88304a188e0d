using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Puts back the host's network configuration saved by Start-HostInterfaceChange, undoing every interface change
/// made since, and ends the transaction (virsh iface-rollback).
/// </summary>
[Cmdlet(VerbsCommon.Undo, "HostInterfaceChange", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
[ConnectionParameter]
public sealed partial class UndoHostInterfaceChangeCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachConnection(Connection, h =>
    {
        if (!ShouldProcess($"the network configuration of '{h.Name}'", "Put back the saved configuration (roll back the change transaction)")) return;
        InterfaceApi.RollbackChange(h.Connection);
    });
}
