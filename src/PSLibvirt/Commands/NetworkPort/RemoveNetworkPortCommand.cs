using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Deletes network ports (virsh net-port-delete): each is unplugged and its resources given back to the network.</summary>
[Cmdlet(VerbsCommon.Remove, "NetworkPort", DefaultParameterSetName = "NetworkPort", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveNetworkPortCommand : NetworkPortTargetCmdlet
{
    protected override void ProcessRecord() => ForEachPort(t =>
    {
        if (!ShouldProcess(t.Description, "Delete the network port")) return;
        NetworkPortApi.Delete(t.Handle);
    });
}
