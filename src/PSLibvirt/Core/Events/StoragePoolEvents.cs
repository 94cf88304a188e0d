using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>A connection's storage-pool events (virConnectStoragePoolEventRegisterAny): lifecycle and refresh.</summary>
internal static class StoragePoolEvents
{
    /// <summary>
    /// Receives <paramref name="lifecycle"/> (defined, undefined, started, stopped, created, deleted) and
    /// <paramref name="refresh"/> events of every pool, or only of <paramref name="poolName"/> (which must exist).
    /// </summary>
    public static unsafe ObjectEventSource<StoragePoolEvent> Create(LibvirtConnection connection, Hypervisor? hypervisor, string? poolName, bool lifecycle, bool refresh)
    {
        if (poolName is not null)
        {
            using var pool = StorageLookup.TryLookupPool(connection, poolName)
                ?? throw new ObjectNotFoundException(ObjectKinds.StoragePool, poolName, hypervisor);
        }
        var wanted = new List<EventRegistration>();
        if (lifecycle) wanted.Add(Registration(VirStoragePoolEventID.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, "Lifecycle", (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void>)&OnLifecycle));
        if (refresh) wanted.Add(Registration(VirStoragePoolEventID.VIR_STORAGE_POOL_EVENT_ID_REFRESH, "Refresh", (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, void>)&OnRefresh));
        return ObjectEventSource<StoragePoolEvent>.Create(connection, hypervisor, poolName, e => e.Name, wanted);
    }

    private static EventRegistration Registration(VirStoragePoolEventID id, string name, nint callback) =>
        new("pool", (int)id, name, (c, opaque) =>
        {
            using var all = new StoragePoolHandle(); // NULL: every pool of the connection.
            return Vir.ConnectStoragePoolEventRegisterAny(c.Handle, all, (int)id, callback, opaque, EventHub.FreeCallback);
        }, (c, callbackId) => Vir.ConnectStoragePoolEventDeregisterAny(c.Handle, callbackId));

    private static void Fire(nint pool, StoragePoolEventType type, int detail, nint opaque)
    {
        if (EventHub.From(opaque) is not { } hub) return;
        using var cursor = LibvirtHandle.Cursor<StoragePoolHandle>();
        cursor.MoveTo(pool);
        hub.Fire(new StoragePoolEvent { Name = StorageLookup.PoolName(cursor), Uuid = StorageLookup.PoolUuid(cursor), EventType = type, Detail = detail, TimeReceived = DateTime.Now, Sequence = EventHub.NextSequence() });
    }

    // Event-loop thread: nothing may escape from these.
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnLifecycle(nint conn, nint pool, int evt, int detail, nint opaque)
    {
        try { Fire(pool, (StoragePoolEventType)evt, detail, opaque); }
        catch { }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnRefresh(nint conn, nint pool, nint opaque)
    {
        try { Fire(pool, StoragePoolEventType.Refreshed, 0, opaque); }
        catch { }
    }
}
