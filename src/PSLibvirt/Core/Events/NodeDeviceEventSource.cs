using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>A connection's node-device events (virConnectNodeDeviceEventRegisterAny), all devices' or one's.</summary>
public sealed class NodeDeviceEventSource : LibvirtEventSource<NodeDeviceEvent>
{
    private readonly Hypervisor? _hypervisor;
    private readonly string? _deviceName;

    private NodeDeviceEventSource(Hypervisor? hypervisor, string? deviceName)
    {
        _hypervisor = hypervisor;
        _deviceName = deviceName;
    }

    /// <summary>
    /// Receives <paramref name="lifecycle"/> (created, deleted, defined, undefined) and <paramref name="update"/> events
    /// of every device, or only of <paramref name="deviceName"/> (which must exist). Throws when the event loop is not
    /// running or the driver cannot deliver node-device events (libvirt's error).
    /// </summary>
    public static unsafe NodeDeviceEventSource Create(LibvirtConnection connection, Hypervisor? hypervisor, string? deviceName, bool lifecycle, bool update)
    {
        if (deviceName is not null)
        {
            using var device = NodeDeviceApi.TryLookupByName(connection, deviceName)
                ?? throw new ObjectNotFoundException(ObjectKinds.NodeDevice, deviceName, hypervisor);
        }
        var source = new NodeDeviceEventSource(hypervisor, deviceName);
        try
        {
            if (lifecycle) source.Join(connection, VirNodeDeviceEventID.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void>)&OnLifecycle);
            if (update) source.Join(connection, VirNodeDeviceEventID.VIR_NODE_DEVICE_EVENT_ID_UPDATE, (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, void>)&OnUpdate);
            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private void Join(LibvirtConnection c, VirNodeDeviceEventID id, nint callback) =>
        Join(c, "nodedev", (int)id, opaque =>
        {
            using var all = new NodeDeviceHandle(); // NULL: every device of the connection.
            return Vir.ConnectNodeDeviceEventRegisterAny(c.Handle, all, (int)id, callback, opaque, EventHub.FreeCallback);
        }, callbackId => Vir.ConnectNodeDeviceEventDeregisterAny(c.Handle, callbackId));

    private protected override NodeDeviceEvent? Accept(NodeDeviceEvent e) =>
        _deviceName is not null && !string.Equals(_deviceName, e.Name, StringComparison.Ordinal) ? null : e with { Hypervisor = _hypervisor };

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
