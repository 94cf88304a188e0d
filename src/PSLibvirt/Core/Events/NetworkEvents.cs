using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>A connection's network events (virConnectNetworkEventRegisterAny): lifecycle (libvirt 9.0 has no other).</summary>
internal static class NetworkEvents
{
    /// <summary>Receives the lifecycle events of every network, or only of <paramref name="networkName"/> (which must exist).</summary>
    public static unsafe ObjectEventSource<NetworkEvent> Create(LibvirtConnection connection, Hypervisor? hypervisor, string? networkName)
    {
        if (networkName is not null)
        {
            using var network = NetworkApi.TryLookupByName(connection, networkName)
                ?? throw new ObjectNotFoundException(ObjectKinds.Network, networkName, hypervisor);
        }
        nint callback = (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void>)&OnLifecycle;
        var lifecycle = new EventRegistration("network", (int)VirNetworkEventID.VIR_NETWORK_EVENT_ID_LIFECYCLE, "Lifecycle", (c, opaque) =>
        {
            using var all = new NetworkHandle(); // NULL: every network of the connection.
            return Vir.ConnectNetworkEventRegisterAny(c.Handle, all, (int)VirNetworkEventID.VIR_NETWORK_EVENT_ID_LIFECYCLE, callback, opaque, EventHub.FreeCallback);
        }, (c, id) => Vir.ConnectNetworkEventDeregisterAny(c.Handle, id));
        return ObjectEventSource<NetworkEvent>.Create(connection, hypervisor, networkName, e => e.Name, new[] { lifecycle });
    }

    // Event-loop thread: nothing may escape.
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnLifecycle(nint conn, nint net, int evt, int detail, nint opaque)
    {
        try
        {
            if (EventHub.From(opaque) is not { } hub) return;
            using var cursor = LibvirtHandle.Cursor<NetworkHandle>();
            cursor.MoveTo(net);
            hub.Fire(new NetworkEvent { Name = NetworkApi.GetName(cursor), Uuid = NetworkApi.GetUuid(cursor), EventType = (NetworkEventType)evt, Detail = detail, TimeReceived = DateTime.Now, Sequence = EventHub.NextSequence() });
        }
        catch { }
    }
}
