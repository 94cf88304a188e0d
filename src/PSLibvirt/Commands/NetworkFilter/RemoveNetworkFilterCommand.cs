using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Undefines network filters (virsh nwfilter-undefine); libvirt refuses a filter that is in use.</summary>
[Cmdlet(VerbsCommon.Remove, "NetworkFilter", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[Targets(typeof(NetworkFilter), typeof(NWFilterHandle))]
public sealed partial class RemoveNetworkFilterCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        ObjectKinds.NetworkFilter.Remove(t.Handle, t.Key, force: false, action => ShouldProcess(t.Description, action)));
}
