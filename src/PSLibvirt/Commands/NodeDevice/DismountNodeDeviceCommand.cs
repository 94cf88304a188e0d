using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Detaches PCI devices from the host for passthrough to a guest (virsh nodedev-detach): the host driver lets go
/// and the stub driver (vfio-pci) binds them; the host can no longer use them until Mount-NodeDevice.
/// </summary>
[Cmdlet(VerbsData.Dismount, "NodeDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[OutputType(typeof(NodeDevice))]
[Targets(typeof(NodeDevice), typeof(NodeDeviceHandle))]
public sealed partial class DismountNodeDeviceCommand : LibvirtCmdlet
{
    /// <summary>The stub driver to bind (virsh nodedev-detach --driver): vfio, libvirt's default, or xen on Xen hosts.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NodeDeviceDriverCompleter))]
    public string? Driver { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, $"Detach from the host (bind to the {Driver ?? "vfio"} stub driver: the host loses the device)")) return;
        NodeDeviceApi.Detach(t.Handle, Driver);
        if (PassThru) WritePassThru(ObjectKinds.NodeDevice, t);
    });
}
