using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Changes a network's settings: whether it starts with the host (virsh net-autostart [--disable]).</summary>
[Cmdlet(VerbsCommon.Set, "Network", SupportsShouldProcess = true, DefaultParameterSetName = NameSet)]
[OutputType(typeof(Network))]
public sealed class SetNetworkCommand : NetworkCmdlet
{
    /// <summary>Whether the network starts when the host (libvirt's network driver) starts.</summary>
    [Parameter(Mandatory = true)]
    public bool Autostart { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachNetwork(t =>
    {
        if (!ShouldProcess(t.Description, Autostart ? "Enable autostart" : "Disable autostart")) return;
        NetworkApi.SetAutostart(t.Handle, Autostart);
        WritePassThru(t, PassThru);
    });
}
