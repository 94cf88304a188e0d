using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Changes a network's settings: whether it starts with the host (virsh net-autostart [--disable]).</summary>
[Cmdlet(VerbsCommon.Set, "Network", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(Network))]
[Targets(typeof(Network), typeof(NetworkHandle))]
public sealed partial class SetNetworkCommand : LibvirtCmdlet
{
    /// <summary>Whether the network starts when the host (libvirt's network driver) starts.</summary>
    [Parameter(Mandatory = true)]
    public bool Autostart { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, Autostart ? "Enable autostart" : "Disable autostart")) return;
        NetworkApi.SetAutostart(t.Handle, Autostart);
        if (PassThru) WritePassThru(ObjectKinds.Network, t);
    });
}
