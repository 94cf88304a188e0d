using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Puts an existing host interface into a new bridge (virsh iface-bridge): the bridge takes over the interface's
/// start mode, MTU and addresses, the interface becomes its member, and the bridge is brought up unless -NoStart.
/// </summary>
[Cmdlet(VerbsCommon.New, "HostInterfaceBridge", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(HostInterface))]
[Targets(typeof(HostInterface), typeof(InterfaceHandle))]
public sealed partial class NewHostInterfaceBridgeCommand : LibvirtCmdlet
{
    /// <summary>The new bridge's name (br0).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string BridgeName { get; set; } = "";

    /// <summary>Turns the spanning tree protocol off (virsh iface-bridge --no-stp); it is on otherwise.</summary>
    [Parameter] public SwitchParameter NoStp { get; set; }

    /// <summary>Seconds to hold back traffic on newly connected ports (with STP).</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public uint Delay { get; set; }

    /// <summary>Defines the bridge without bringing it up.</summary>
    [Parameter] public SwitchParameter NoStart { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (InterfaceApi.TryLookupByName(t.Connection, BridgeName) is { } existing)
        {
            existing.Dispose();
            WriteError($"A host interface named '{BridgeName}' already exists on '{t.Hypervisor.Name}': choose another name for the bridge.",
                "HostInterfaceExists", ErrorCategory.ResourceExists, BridgeName);
            return;
        }
        string xml;
        try { xml = InterfaceXml.Bridge(InterfaceApi.GetDefinitionXml(t.Handle), BridgeName, !NoStp, Delay); }
        catch (InvalidOperationException e)
        {
            WriteError(e.Message, "HostInterfaceNotBridgeable", ErrorCategory.InvalidOperation, t.Input);
            return;
        }
        string action = NoStart ? "Define bridge" : "Define and start bridge";
        if (!ShouldProcess($"{t.Description}: {action.ToLowerInvariant()} '{BridgeName}' with it as member, from this XML:\n{xml}",
            $"Are you sure you want to put the {t.Description} into a new bridge '{BridgeName}'?", action)) return;
        using var bridge = InterfaceApi.Define(t.Connection, xml);
        if (!NoStart) InterfaceApi.Start(bridge);
        WriteObject(InterfaceApi.Snapshot(bridge, t.Hypervisor));
    });
}
