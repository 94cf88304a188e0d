using System.Runtime.InteropServices;
using PSLibvirt.Native;

namespace PSLibvirt.Handles;

/// <summary>
/// A reference to a libvirt object, released exactly once with the kind's free function, also when a pipeline
/// is stopped or the object is finalized. Subclasses exist because LibraryImport needs a concrete type with a
/// public parameterless constructor per kind; each only names its free function.
/// </summary>
public abstract class LibvirtHandle : SafeHandle
{
    protected LibvirtHandle() : base(IntPtr.Zero, ownsHandle: true) => Interlocked.Increment(ref _live);

    private static long _live;
    private int _counted = 1;

    /// <summary>
    /// Handle objects not yet disposed or finalized (cursors included), process-wide: what a soak test watches for
    /// references the module keeps by mistake. Read it after a full garbage collection.
    /// </summary>
    public static long LiveCount => Interlocked.Read(ref _live);

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _counted, 0) == 1) Interlocked.Decrement(ref _live);
        base.Dispose(disposing);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The raw pointer, for building callbacks and arrays; valid only while this handle is alive.</summary>
    public nint Pointer => handle;

    // A cursor (see Cursor) points at references that others own: it never frees them.
    private bool _cursor;

    // ReleaseHandle must not throw: a failure is reported as false (a ReleaseHandleFailed MDA, never an exception).
    protected sealed override bool ReleaseHandle()
    {
        if (_cursor) return true;
        try { return Free(handle); }
        catch { return false; }
    }

    /// <summary>
    /// A handle that borrows pointers owned elsewhere (an array or stats records that the caller frees at once
    /// afterwards) and is moved from one to the next with <see cref="MoveTo"/>. Reading thousands of objects
    /// through one cursor per thread saves a reference, a finalizable handle and a free call per object. Use a
    /// cursor on one thread only, and only while the owner keeps the pointers alive.
    /// </summary>
    public static T Cursor<T>() where T : LibvirtHandle, new()
    {
        var h = new T { _cursor = true };
        GC.SuppressFinalize(h);
        return h;
    }

    /// <summary>Points a cursor at another borrowed pointer.</summary>
    public void MoveTo(nint pointer)
    {
        if (!_cursor) throw new InvalidOperationException("Only a cursor handle can be moved; this handle owns its reference.");
        SetHandle(pointer);
    }

    /// <summary>Releases the native reference; true on success.</summary>
    protected abstract bool Free(nint pointer);

    /// <summary>Wraps a pointer that the caller owns (e.g. an element of an array returned by a list-all call).</summary>
    public static T FromOwned<T>(nint pointer) where T : LibvirtHandle, new()
    {
        var h = new T();
        h.SetHandle(pointer);
        return h;
    }

    /// <summary>
    /// Takes ownership of an array that a list-all call returned: each of its <paramref name="count"/> references
    /// becomes a handle, and the array itself is released with free().
    /// </summary>
    public static unsafe System.Collections.Generic.List<T> TakeArray<T>(nint* array, int count) where T : LibvirtHandle, new()
    {
        var result = new System.Collections.Generic.List<T>(count);
        try
        {
            for (int i = 0; i < count; i++) result.Add(FromOwned<T>(array[i]));
        }
        finally
        {
            NativeMemory.Free(array);
        }
        return result;
    }
}

public sealed class ConnectHandle : LibvirtHandle
{
    // virConnectClose returns the number of references left, or -1.
    protected override bool Free(nint p) => Libvirt.virConnectClose(p) >= 0;
}

public sealed class DomainHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virDomainFree(p) == 0; }
public sealed class NetworkHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virNetworkFree(p) == 0; }
public sealed class NetworkPortHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virNetworkPortFree(p) == 0; }
public sealed class InterfaceHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virInterfaceFree(p) == 0; }
public sealed class StoragePoolHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virStoragePoolFree(p) == 0; }
public sealed class StorageVolHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virStorageVolFree(p) == 0; }
public sealed class NodeDeviceHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virNodeDeviceFree(p) == 0; }
public sealed class SecretHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virSecretFree(p) == 0; }
public sealed class NWFilterHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virNWFilterFree(p) == 0; }
public sealed class NWFilterBindingHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virNWFilterBindingFree(p) == 0; }
public sealed class StreamHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virStreamFree(p) == 0; }
public sealed class DomainSnapshotHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virDomainSnapshotFree(p) == 0; }
public sealed class DomainCheckpointHandle : LibvirtHandle { protected override bool Free(nint p) => Libvirt.virDomainCheckpointFree(p) == 0; }
