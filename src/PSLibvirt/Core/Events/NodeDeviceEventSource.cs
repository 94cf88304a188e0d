using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// libvirt's node-device events of one connection as a .NET event, for PowerShell's eventing
/// (Register-NodeDeviceEvent) or any .NET subscriber. libvirt refuses a second registration of the same callback for
/// the same event on one connection, so each (connection, event id) has one registration for every device (a
/// <see cref="Hub"/>), shared by all sources, each of which keeps the events of its device. The registration is made
/// for the first source and removed after the last is disposed (or loses its last handler). Handlers run on
/// libvirt's event-loop thread: they must only hand the event on (PowerShell's eventing queues it).
/// </summary>
public sealed class NodeDeviceEventSource : IDisposable
{
    private static readonly object Gate = new();
    private static readonly Dictionary<(LibvirtConnection, int), Hub> Hubs = new();

    private readonly Hypervisor? _hypervisor;
    private readonly string? _deviceName;
    private readonly List<Hub> _hubs = new();
    private EventHandler<NodeDeviceEventArgs>? _received;
    private int _disposed;
    private long _count;

    private NodeDeviceEventSource(Hypervisor? hypervisor, string? deviceName)
    {
        _hypervisor = hypervisor;
        _deviceName = deviceName;
    }

    /// <summary>Raised for each event (on the event-loop thread).</summary>
    public event EventHandler<NodeDeviceEventArgs>? Received
    {
        add { lock (_hubs) _received += value; }
        remove
        {
            bool last;
            lock (_hubs)
            {
                _received -= value;
                last = _received is null;
            }
            // The last subscriber is gone (Unregister-Event): this source needs no events any more.
            if (last) Dispose();
        }
    }

    /// <summary>Events delivered to this source so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>
    /// Receives <paramref name="lifecycle"/> (created, deleted, defined, undefined) and <paramref name="update"/> events
    /// of every device, or only of <paramref name="deviceName"/> (which must exist). Throws when the event loop is not
    /// running or the driver cannot deliver node-device events (libvirt's error).
    /// </summary>
    public static NodeDeviceEventSource Create(LibvirtConnection connection, Hypervisor? hypervisor, string? deviceName, bool lifecycle, bool update)
    {
        if (!LibvirtRuntime.EventLoopRunning) throw new InvalidOperationException("libvirt's event loop is not running, so events cannot be delivered.");
        if (deviceName is not null)
        {
            using var device = NodeDeviceApi.TryLookupByName(connection, deviceName)
                ?? throw new ObjectNotFoundException(ObjectKinds.NodeDevice, deviceName, hypervisor);
        }
        var source = new NodeDeviceEventSource(hypervisor, deviceName);
        try
        {
            if (lifecycle) source.Join(connection, VirNodeDeviceEventID.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE);
            if (update) source.Join(connection, VirNodeDeviceEventID.VIR_NODE_DEVICE_EVENT_ID_UPDATE);
            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private void Join(LibvirtConnection connection, VirNodeDeviceEventID id)
    {
        lock (Gate)
        {
            if (!Hubs.TryGetValue((connection, (int)id), out var hub))
            {
                hub = Hub.Register(connection, id);
                Hubs[(connection, (int)id)] = hub;
            }
            lock (hub.Sources) hub.Sources.Add(this);
            _hubs.Add(hub);
        }
    }

    private void Deliver(NodeDeviceEvent e)
    {
        if (_disposed != 0 || (_deviceName is not null && !string.Equals(_deviceName, e.Name, StringComparison.Ordinal))) return;
        Interlocked.Increment(ref _count);
        _received?.Invoke(this, new NodeDeviceEventArgs(e with { Hypervisor = _hypervisor }));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        lock (Gate)
        {
            foreach (var hub in _hubs)
            {
                int left;
                lock (hub.Sources)
                {
                    hub.Sources.Remove(this);
                    left = hub.Sources.Count;
                }
                if (left > 0) continue;
                Hubs.Remove((hub.Connection, (int)hub.EventId));
                hub.Deregister();
            }
            _hubs.Clear();
        }
    }

    /// <summary>One libvirt registration of one event id on one connection, for every device, fanned out to sources.</summary>
    private sealed class Hub
    {
        public readonly LibvirtConnection Connection;
        public readonly VirNodeDeviceEventID EventId;
        public readonly List<NodeDeviceEventSource> Sources = new();
        private int _callbackId;

        private Hub(LibvirtConnection connection, VirNodeDeviceEventID id)
        {
            Connection = connection;
            EventId = id;
        }

        public static unsafe Hub Register(LibvirtConnection connection, VirNodeDeviceEventID id)
        {
            var hub = new Hub(connection, id);
            var gc = GCHandle.Alloc(hub);
            try
            {
                using var all = new NodeDeviceHandle(); // NULL: every device of the connection.
                nint callback = id == VirNodeDeviceEventID.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE
                    ? (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void>)&OnLifecycle
                    : (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, void>)&OnUpdate;
                hub._callbackId = Vir.ConnectNodeDeviceEventRegisterAny(connection.Handle, all, (int)id, callback,
                    GCHandle.ToIntPtr(gc), (nint)(delegate* unmanaged[Cdecl]<nint, void>)&OnFree);
                return hub;
            }
            catch
            {
                gc.Free();
                throw;
            }
        }

        /// <summary>Removes libvirt's registration; libvirt then frees the hub's handle through OnFree.</summary>
        public void Deregister()
        {
            if (Connection.IsClosed || Connection.LostReason is not null) return;
            try { Vir.ConnectNodeDeviceEventDeregisterAny(Connection.Handle, _callbackId); }
            catch (LibvirtException) { }
        }

        public void Fire(nint dev, NodeDeviceEventType type, int detail)
        {
            NodeDeviceEventSource[] sources;
            lock (Sources) sources = Sources.ToArray();
            if (sources.Length == 0) return;
            using var cursor = LibvirtHandle.Cursor<NodeDeviceHandle>();
            cursor.MoveTo(dev);
            var e = new NodeDeviceEvent { Name = Vir.NodeDeviceGetName(cursor) ?? "", EventType = type, Detail = detail, TimeReceived = DateTime.Now };
            foreach (var s in sources) s.Deliver(e);
        }
    }

    // Event-loop thread: nothing may escape from these.
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnLifecycle(nint conn, nint dev, int evt, int detail, nint opaque)
    {
        try { (GCHandle.FromIntPtr(opaque).Target as Hub)?.Fire(dev, (NodeDeviceEventType)evt, detail); }
        catch { }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnUpdate(nint conn, nint dev, nint opaque)
    {
        try { (GCHandle.FromIntPtr(opaque).Target as Hub)?.Fire(dev, NodeDeviceEventType.Updated, 0); }
        catch { }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnFree(nint opaque)
    {
        try { GCHandle.FromIntPtr(opaque).Free(); }
        catch { }
    }
}

/// <summary>The event of <see cref="NodeDeviceEventSource.Received"/>.</summary>
public sealed class NodeDeviceEventArgs : EventArgs
{
    public NodeDeviceEventArgs(NodeDeviceEvent e) => Event = e;
    public NodeDeviceEvent Event { get; }
}
