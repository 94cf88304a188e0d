using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PSLibvirt.Core;

/// <summary>What receives the events of a hub (an <see cref="LibvirtEventSource{TEvent}"/>).</summary>
internal interface IEventSink
{
    void Deliver(object e);
}

/// <summary>
/// One libvirt registration of one event of one object family (domain, node device, ...) on one connection, for
/// every object of the family, fanned out to every source that wants it. libvirt refuses a second registration of
/// the same callback for the same event on one connection, so sources share this one. It is made for the first
/// source and removed after the last; libvirt frees its handle through <see cref="FreeCallback"/>.
/// </summary>
internal sealed class EventHub
{
    private static readonly object Gate = new();
    private static readonly Dictionary<(LibvirtConnection, string, int), EventHub> Hubs = new();

    private readonly LibvirtConnection _connection;
    private readonly (LibvirtConnection, string, int) _key;
    private readonly Action<int> _deregister;
    private readonly List<IEventSink> _sinks = new();
    private int _callbackId;

    private EventHub((LibvirtConnection, string, int) key, Action<int> deregister)
    {
        _key = key;
        _connection = key.Item1;
        _deregister = deregister;
    }

    /// <summary>
    /// Adds <paramref name="sink"/> to the hub of (<paramref name="connection"/>, <paramref name="family"/>,
    /// <paramref name="id"/>); the first one registers with libvirt: <paramref name="register"/> gets the opaque
    /// pointer to pass and returns libvirt's callback id. A refusal of libvirt's throws and adds nothing.
    /// </summary>
    public static EventHub Join(LibvirtConnection connection, string family, int id, Func<nint, int> register, Action<int> deregister, IEventSink sink)
    {
        lock (Gate)
        {
            var key = (connection, family, id);
            if (!Hubs.TryGetValue(key, out var hub))
            {
                hub = new EventHub(key, deregister);
                var gc = GCHandle.Alloc(hub);
                try { hub._callbackId = register(GCHandle.ToIntPtr(gc)); }
                catch
                {
                    gc.Free();
                    throw;
                }
                Hubs[key] = hub;
            }
            lock (hub._sinks) hub._sinks.Add(sink);
            return hub;
        }
    }

    /// <summary>Removes <paramref name="sink"/>; after the last one, libvirt's registration is removed.</summary>
    public void Leave(IEventSink sink)
    {
        lock (Gate)
        {
            lock (_sinks)
            {
                _sinks.Remove(sink);
                if (_sinks.Count > 0) return;
            }
            Hubs.Remove(_key);
            if (_connection.IsClosed || _connection.LostReason is not null) return;
            try { _deregister(_callbackId); }
            catch (LibvirtException) { }
        }
    }

    private static long _sequence;

    /// <summary>The next number of the order in which libvirt delivered events (all hubs of the process).</summary>
    public static long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>The hub behind a callback's opaque pointer, or null when it has no sources left.</summary>
    public static EventHub? From(nint opaque) => GCHandle.FromIntPtr(opaque).Target is EventHub { HasSinks: true } hub ? hub : null;

    private bool HasSinks
    {
        get { lock (_sinks) return _sinks.Count > 0; }
    }

    /// <summary>Hands <paramref name="e"/> to every source (on the event-loop thread).</summary>
    public void Fire(object e)
    {
        IEventSink[] sinks;
        lock (_sinks) sinks = _sinks.ToArray();
        foreach (var s in sinks)
        {
            try { s.Deliver(e); }
            catch { } // One subscriber's failure must not keep the event from the others, nor reach libvirt.
        }
    }

    /// <summary>libvirt's free callback for a hub's registration.</summary>
    public static unsafe nint FreeCallback => (nint)(delegate* unmanaged[Cdecl]<nint, void>)&OnFree;

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnFree(nint opaque)
    {
        try { GCHandle.FromIntPtr(opaque).Free(); }
        catch { }
    }
}

/// <summary>
/// A connection's events of one kind as a .NET event, for PowerShell's eventing (the Register-*Event cmdlets) or any
/// .NET subscriber. It joins the hubs of the events it wants and leaves them when disposed or when its last handler is
/// removed (Unregister-Event). Handlers run on libvirt's event-loop thread: they must only hand the event on
/// (PowerShell's eventing queues it).
/// </summary>
public abstract class LibvirtEventSource<TEvent> : IDisposable, IEventSink where TEvent : class
{
    private readonly List<EventHub> _hubs = new();
    private EventHandler<LibvirtEventArgs<TEvent>>? _received;
    private int _disposed;
    private long _count;

    /// <summary>Raised for each event (on the event-loop thread).</summary>
    public event EventHandler<LibvirtEventArgs<TEvent>>? Received
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
            if (last) Dispose();
        }
    }

    /// <summary>Events delivered to this source so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Receives the event <paramref name="id"/> of <paramref name="family"/> on <paramref name="connection"/>.</summary>
    private protected void Join(LibvirtConnection connection, string family, int id, Func<nint, int> register, Action<int> deregister)
    {
        if (!LibvirtRuntime.EventLoopRunning) throw new InvalidOperationException("libvirt's event loop is not running, so events cannot be delivered.");
        var hub = EventHub.Join(connection, family, id, register, deregister, this);
        lock (_hubs) _hubs.Add(hub);
    }

    /// <summary>Whether this source wants <paramref name="e"/> (its object filter), and the event as it hands it on.</summary>
    private protected abstract TEvent? Accept(TEvent e);

    void IEventSink.Deliver(object e)
    {
        if (_disposed != 0 || e is not TEvent t || Accept(t) is not { } mine) return;
        Interlocked.Increment(ref _count);
        _received?.Invoke(this, new LibvirtEventArgs<TEvent>(mine));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        EventHub[] hubs;
        lock (_hubs)
        {
            hubs = _hubs.ToArray();
            _hubs.Clear();
        }
        foreach (var hub in hubs) hub.Leave(this);
    }
}

/// <summary>The event of <see cref="LibvirtEventSource{TEvent}.Received"/>: $Event.SourceEventArgs.Event in PowerShell.</summary>
public sealed class LibvirtEventArgs<TEvent> : EventArgs
{
    public LibvirtEventArgs(TEvent e) => Event = e;
    public TEvent Event { get; }
}
