using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Changes a node device's settings: whether it starts with the node-device driver (virsh nodedev-autostart [--disable]).</summary>
[Cmdlet(VerbsCommon.Set, "NodeDevice", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(NodeDevice))]
[Targets(typeof(NodeDevice), typeof(NodeDeviceHandle))]
public sealed partial class SetNodeDeviceCommand : LibvirtCmdlet
{
    /// <summary>Whether the device is started when libvirt's node-device driver starts (persistent devices only).</summary>
    [Parameter(Mandatory = true)]
    public bool Autostart { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, Autostart ? "Enable autostart" : "Disable autostart")) return;
        NodeDeviceApi.SetAutostart(t.Handle, Autostart);
        if (PassThru) WritePassThru(ObjectKinds.NodeDevice, t);
    });
}
