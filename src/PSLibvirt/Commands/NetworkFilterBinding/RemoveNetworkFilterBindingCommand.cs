using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Deletes network filter bindings (virsh nwfilter-binding-delete): the filter's rules come off the port.</summary>
[Cmdlet(VerbsCommon.Remove, "NetworkFilterBinding", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[Targets(typeof(NetworkFilterBinding), typeof(NWFilterBindingHandle))]
public sealed partial class RemoveNetworkFilterBindingCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        ObjectKinds.NetworkFilterBinding.Remove(t.Handle, t.Key, force: false, action => ShouldProcess(t.Description, action)));
}
