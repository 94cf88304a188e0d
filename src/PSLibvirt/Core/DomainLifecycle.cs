using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Domain lifecycle actions (start, shutdown, destroy, reboot, reset, suspend, resume, save, restore) and waiting for a state.</summary>
internal static class DomainLifecycle
{
    public static VirDomainCreateFlags StartFlags(bool paused, bool bypassCache, bool forceBoot) =>
        (paused ? VirDomainCreateFlags.VIR_DOMAIN_START_PAUSED : 0) |
        (bypassCache ? VirDomainCreateFlags.VIR_DOMAIN_START_BYPASS_CACHE : 0) |
        (forceBoot ? VirDomainCreateFlags.VIR_DOMAIN_START_FORCE_BOOT : 0);

    /// <summary>Flags for save and restore: bypass the cache; come back running or paused (null: as it was).</summary>
    public static VirDomainSaveRestoreFlags SaveFlags(bool bypassCache, bool? running) =>
        (bypassCache ? VirDomainSaveRestoreFlags.VIR_DOMAIN_SAVE_BYPASS_CACHE : 0) |
        (running == true ? VirDomainSaveRestoreFlags.VIR_DOMAIN_SAVE_RUNNING : 0) |
        (running == false ? VirDomainSaveRestoreFlags.VIR_DOMAIN_SAVE_PAUSED : 0);

    public static void Start(DomainHandle h, VirDomainCreateFlags flags) => Vir.DomainCreateWithFlags(h, flags);
    public static void Shutdown(DomainHandle h) => Vir.DomainShutdown(h);
    public static void Destroy(DomainHandle h) => Vir.DomainDestroy(h);
    public static void Reboot(DomainHandle h) => Vir.DomainReboot(h);
    public static void Reset(DomainHandle h) => Vir.DomainReset(h);
    public static void Suspend(DomainHandle h) => Vir.DomainSuspend(h);
    public static void Resume(DomainHandle h) => Vir.DomainResume(h);
    public static void Save(DomainHandle h, string path, VirDomainSaveRestoreFlags flags) => Vir.DomainSaveFlags(h, path, null, flags);
    public static void ManagedSave(DomainHandle h, VirDomainSaveRestoreFlags flags) => Vir.DomainManagedSave(h, flags);
    public static void Restore(LibvirtConnection c, string path, VirDomainSaveRestoreFlags flags) => Vir.DomainRestoreFlags(c.Handle, path, null, flags);

    /// <summary>The UUID of the domain a save image holds, or null when the driver cannot read images (the test driver).</summary>
    public static Guid? SaveImageUuid(LibvirtConnection c, string path)
    {
        string xml;
        try { xml = Vir.DomainSaveImageGetXMLDesc(c.Handle, path); }
        catch (LibvirtException) { return null; }
        var doc = LibvirtXml.Load(xml);
        return Guid.TryParse(doc.SelectSingleNode("/domain/uuid")?.InnerText, out var g) ? g : null;
    }

    /// <summary>
    /// Waits until the domain's state satisfies <paramref name="reached"/>. Wakes on the domain's lifecycle events
    /// (registered on the event loop) and re-reads the state at least every <paramref name="poll"/> in case an event
    /// was missed or the driver sends none. A domain that no longer exists counts as ShutOff (a transient domain
    /// that stopped). Returns false on timeout; throws OperationCanceledException when <paramref name="cancel"/> fires.
    /// <paramref name="tick"/> is called on the waiting thread with the elapsed time and current state.
    /// </summary>
    public static bool WaitForState(LibvirtConnection c, DomainHandle h, Func<DomainState, bool> reached, TimeSpan? timeout,
        CancellationToken cancel, Action<TimeSpan, DomainState>? tick = null, TimeSpan? poll = null)
    {
        var interval = poll ?? TimeSpan.FromMilliseconds(500);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var watcher = DomainEventWatcher.TryCreate(c, h);
        if (watcher is null) interval = poll ?? TimeSpan.FromMilliseconds(200);
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            var state = CurrentStateOrShutOff(h);
            if (reached(state)) return true;
            tick?.Invoke(clock.Elapsed, state);
            var wait = interval;
            if (timeout is { } t)
            {
                var left = t - clock.Elapsed;
                if (left <= TimeSpan.Zero) return false;
                if (left < wait) wait = left;
            }
            var handles = watcher is null
                ? new[] { cancel.WaitHandle }
                : new[] { cancel.WaitHandle, watcher.Signal };
            WaitHandle.WaitAny(handles, wait);
        }
    }

    private static DomainState CurrentStateOrShutOff(DomainHandle h)
    {
        try { return DomainApi.GetState(h).State; }
        catch (LibvirtException ex) when (ex.Code == VirErrorNumber.VIR_ERR_NO_DOMAIN) { return DomainState.ShutOff; }
    }
}

/// <summary>
/// A subscription to the lifecycle events of a connection's domains: <see cref="Signal"/> is set on each one.
/// libvirt refuses a second registration of the same callback for the same domain on one connection, and several
/// waiters may share a connection (connections are process-wide), so each connection has one registration for all
/// its domains (virConnectDomainEventRegisterAny with no domain), made for the first subscriber and removed after
/// the last; every subscriber is woken and re-reads its domain's state. The callback runs on the event-loop
/// thread and only sets events; the GCHandle is freed by libvirt's free callback, after the last possible call.
/// </summary>
internal sealed class DomainEventWatcher : IDisposable
{
    private static readonly object Gate = new();
    private static readonly System.Collections.Generic.Dictionary<LibvirtConnection, Hub> Hubs = new();

    private readonly Hub _hub;
    private readonly AutoResetEvent _signal = new(false);
    private int _disposed;

    private DomainEventWatcher(Hub hub) => _hub = hub;

    public WaitHandle Signal => _signal;

    private sealed class Hub
    {
        public readonly LibvirtConnection Connection;
        public int CallbackId = -1;
        public readonly System.Collections.Generic.List<AutoResetEvent> Subscribers = new();
        public Hub(LibvirtConnection c) => Connection = c;

        public void Fire()
        {
            AutoResetEvent[] subs;
            lock (Subscribers) subs = Subscribers.ToArray();
            foreach (var e in subs)
            {
                try { e.Set(); } catch (ObjectDisposedException) { }
            }
        }
    }

    /// <summary>Subscribes to the connection's lifecycle events; null when the driver or connection cannot deliver them.</summary>
    /// <remarks>The domain argument is kept for callers; every domain's events wake the subscriber.</remarks>
    public static unsafe DomainEventWatcher? TryCreate(LibvirtConnection connection, DomainHandle? domain = null)
    {
        if (!LibvirtRuntime.EventLoopRunning) return null;
        lock (Gate)
        {
            if (!Hubs.TryGetValue(connection, out var hub))
            {
                hub = new Hub(connection);
                var gc = GCHandle.Alloc(hub);
                using var all = new DomainHandle(); // NULL: every domain of the connection.
                int id;
                try
                {
                    id = Vir.ConnectDomainEventRegisterAny(connection.Handle, all, (int)VirDomainEventID.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                        (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void>)&OnLifecycle, GCHandle.ToIntPtr(gc),
                        (nint)(delegate* unmanaged[Cdecl]<nint, void>)&OnFree);
                }
                catch (LibvirtException)
                {
                    gc.Free();
                    return null;
                }
                hub.CallbackId = id;
                Hubs[connection] = hub;
            }
            var w = new DomainEventWatcher(hub);
            lock (hub.Subscribers) hub.Subscribers.Add(w._signal);
            return w;
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnLifecycle(nint conn, nint dom, int evt, int detail, nint opaque)
    {
        try
        {
            if (GCHandle.FromIntPtr(opaque).Target is Hub hub) hub.Fire();
        }
        catch
        {
            // Event-loop thread: nothing may escape.
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnFree(nint opaque)
    {
        try { GCHandle.FromIntPtr(opaque).Free(); }
        catch { }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        lock (Gate)
        {
            int left;
            lock (_hub.Subscribers)
            {
                _hub.Subscribers.Remove(_signal);
                left = _hub.Subscribers.Count;
            }
            if (left > 0) return;
            Hubs.Remove(_hub.Connection);
            var c = _hub.Connection;
            if (!c.IsClosed && c.LostReason is null)
            {
                try { Vir.ConnectDomainEventDeregisterAny(c.Handle, _hub.CallbackId); }
                catch (LibvirtException) { }
            }
        }
        // The AutoResetEvent is left to the finalizer: the event-loop thread may be setting it right now.
    }
}
