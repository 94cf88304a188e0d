using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Undefines networks (virsh net-undefine); -Force stops an active one first (net-destroy).</summary>
[Cmdlet(VerbsCommon.Remove, "Network", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[Targets(typeof(Network), typeof(NetworkHandle))]
public sealed partial class RemoveNetworkCommand : LibvirtCmdlet
{
    /// <summary>Stops an active network before undefining it (else an active network is an error).</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        ObjectKinds.Network.Remove(t.Handle, t.Key, Force, action => ShouldProcess(t.Description, action)));
}
