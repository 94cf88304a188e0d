using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>A connection's node-device events (virConnectNodeDeviceEventRegisterAny): lifecycle and update.</summary>
internal static class NodeDeviceEvents
{
    /// <summary>
    /// Receives <paramref name="lifecycle"/> (created, deleted, defined, undefined) and <paramref name="update"/> events
    /// of every device, or only of <paramref name="deviceName"/> (which must exist). Throws when the event loop is not
    /// running or the driver cannot deliver node-device events (libvirt's error).
    /// </summary>
    public static unsafe ObjectEventSource<NodeDeviceEvent> Create(LibvirtConnection connection, Hypervisor? hypervisor, string? deviceName, bool lifecycle, bool update)
    {
        if (deviceName is not null)
        {
            using var device = NodeDeviceApi.TryLookupByName(connection, deviceName)
                ?? throw new ObjectNotFoundException(ObjectKinds.NodeDevice, deviceName, hypervisor);
        }
        var wanted = new List<EventRegistration>();
        if (lifecycle) wanted.Add(Registration(VirNodeDeviceEventID.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, "Lifecycle", (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void>)&OnLifecycle));
        if (update) wanted.Add(Registration(VirNodeDeviceEventID.VIR_NODE_DEVICE_EVENT_ID_UPDATE, "Update", (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, void>)&OnUpdate));
        return ObjectEventSource<NodeDeviceEvent>.Create(connection, hypervisor, deviceName, e => e.Name, wanted);
    }

    private static EventRegistration Registration(VirNodeDeviceEventID id, string name, nint callback) =>
        new("nodedev", (int)id, name, (c, opaque) =>
        {
            using var all = new NodeDeviceHandle(); // NULL: every device of the connection.
            return Vir.ConnectNodeDeviceEventRegisterAny(c.Handle, all, (int)id, callback, opaque, EventHub.FreeCallback);
        }, (c, callbackId) => Vir.ConnectNodeDeviceEventDeregisterAny(c.Handle, callbackId));

    private static void Fire(nint dev, NodeDeviceEventType type, int detail, nint opaque)
    {
        if (EventHub.From(opaque) is not { } hub) return;
        using var cursor = LibvirtHandle.Cursor<NodeDeviceHandle>();
        cursor.MoveTo(dev);
        hub.Fire(new NodeDeviceEvent { Name = Vir.NodeDeviceGetName(cursor) ?? "", EventType = type, Detail = detail, TimeReceived = DateTime.Now, Sequence = EventHub.NextSequence() });
    }

    // Event-loop thread: nothing may escape from these.
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnLifecycle(nint conn, nint dev, int evt, int detail, nint opaque)
    {
        try { Fire(dev, (NodeDeviceEventType)evt, detail, opaque); }
        catch { }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnUpdate(nint conn, nint dev, nint opaque)
    {
        try { Fire(dev, NodeDeviceEventType.Updated, 0, opaque); }
        catch { }
    }
}
