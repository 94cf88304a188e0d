using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Takes a bridge's one member out of it and removes the bridge (virsh iface-unbridge): the member takes over the
/// bridge's start mode, MTU and addresses and is brought up unless -NoStart. If defining the member fails, the bridge
/// is defined (and started) again, so the host is not left without either.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "HostInterfaceBridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[OutputType(typeof(HostInterface))]
[Targets(typeof(HostInterface), typeof(InterfaceHandle))]
public sealed partial class RemoveHostInterfaceBridgeCommand : LibvirtCmdlet
{
    /// <summary>Leaves the freed member down (not recommended: the host may lose the connectivity the bridge gave).</summary>
    [Parameter] public SwitchParameter NoStart { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        string bridgeXml = InterfaceApi.GetDefinitionXml(t.Handle);
        string memberXml, member;
        try { (memberXml, member) = InterfaceXml.Unbridge(bridgeXml); }
        catch (InvalidOperationException e)
        {
            WriteError(e.Message, "HostInterfaceNotUnbridgeable", ErrorCategory.InvalidOperation, t.Input);
            return;
        }
        if (!ShouldProcess($"{t.Description}: remove it and define its member '{member}' on its own, from this XML:\n{memberXml}",
            $"Are you sure you want to remove the bridge {t.Description} and free '{member}'?", "Remove bridge")) return;
        bool wasActive = InterfaceApi.IsActive(t.Handle);
        if (wasActive) InterfaceApi.Stop(t.Handle);
        try { InterfaceApi.Undefine(t.Handle); }
        catch (LibvirtException)
        {
            if (wasActive) InterfaceApi.Start(t.Handle);
            throw;
        }
        InterfaceHandle freed;
        try { freed = InterfaceApi.Define(t.Connection, memberXml); }
        catch (LibvirtException)
        {
            // Put the bridge back: a host left with neither the bridge nor its member has lost its network.
            using var restored = InterfaceApi.Define(t.Connection, bridgeXml);
            if (wasActive) InterfaceApi.Start(restored);
            throw;
        }
        using (freed)
        {
            if (!NoStart) InterfaceApi.Start(freed);
            WriteObject(InterfaceApi.Snapshot(freed, t.Hypervisor));
        }
    });
}
