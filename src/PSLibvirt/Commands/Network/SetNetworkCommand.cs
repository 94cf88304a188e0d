using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Changes a network's settings: whether it starts with the host (virsh net-autostart [--disable]).</summary>
[Cmdlet(VerbsCommon.Set, "Network", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(Network))]
public sealed class SetNetworkCommand : LibvirtCmdlet
{
    /// <summary>Exact network names (no wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(Network))]
    [ArgumentCompleter(typeof(Completers.NetworkNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Network objects, as Get-Network writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Network", ValueFromPipeline = true)]
    [ValidateNotNull]
    public Network[]? Network { get; set; }

    /// <summary>The connections to look names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Whether the network starts when the host (libvirt's network driver) starts.</summary>
    [Parameter(Mandatory = true)]
    public bool Autostart { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(ObjectKinds.Network, Name, Network, Connection), t =>
    {
        if (!ShouldProcess(t.Description, Autostart ? "Enable autostart" : "Disable autostart")) return;
        NetworkApi.SetAutostart(t.Handle, Autostart);
        if (PassThru) WritePassThru(ObjectKinds.Network, t);
    });
}
