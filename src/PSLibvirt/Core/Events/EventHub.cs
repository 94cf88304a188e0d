using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PSLibvirt.Core;

/// <summary>What receives the events of a hub (an <see cref="LibvirtEventSource{TEvent}"/>).</summary>
internal interface IEventSink
{
    void Deliver(LibvirtEvent e);
}

/// <summary>How one event of one object family is registered with libvirt: the same on any connection.</summary>
/// <param name="Family">The object family ("domain", "nodedev", ...): with the id, what makes a registration unique.</param>
/// <param name="Id">libvirt's event id within the family.</param>
/// <param name="Name">The event's name for messages (Lifecycle, Update, ...).</param>
/// <param name="Register">Registers on a connection, passing the opaque pointer; returns libvirt's callback id.</param>
/// <param name="Deregister">Removes the registration of a callback id from a connection.</param>
internal sealed record EventRegistration(string Family, int Id, string Name, Func<LibvirtConnection, nint, int> Register, Action<LibvirtConnection, int> Deregister);

/// <summary>
/// One libvirt registration of one event of one object family (domain, node device, ...) on one connection, for
/// every object of the family, fanned out to every source that wants it. libvirt refuses a second registration of
/// the same callback for the same event on one connection, so sources share this one. It is made for the first
/// source and removed after the last; libvirt frees its handle through <see cref="FreeCallback"/>. When the
/// connection is lost, its sources are told; when it is replaced by a new one (a reconnect), the hubs move to it.
/// </summary>
internal sealed class EventHub
{
    private static readonly object Gate = new();
    private static readonly Dictionary<(LibvirtConnection, string, int), EventHub> Hubs = new();

    private readonly LibvirtConnection _connection;
    private readonly EventRegistration _registration;
    private readonly List<IEventSink> _sinks = new();
    private int _callbackId;

    private EventHub(LibvirtConnection connection, EventRegistration registration)
    {
        _connection = connection;
        _registration = registration;
    }

    private (LibvirtConnection, string, int) Key => (_connection, _registration.Family, _registration.Id);

    /// <summary>
    /// Adds <paramref name="sink"/> to the hub of <paramref name="registration"/> on <paramref name="connection"/>;
    /// the first one registers with libvirt. A refusal of libvirt's throws and adds nothing.
    /// </summary>
    public static void Join(LibvirtConnection connection, EventRegistration registration, IEventSink sink)
    {
        lock (Gate)
        {
            if (!Hubs.TryGetValue((connection, registration.Family, registration.Id), out var hub))
            {
                hub = Open(connection, registration);
                Hubs[hub.Key] = hub;
            }
            lock (hub._sinks) hub._sinks.Add(sink);
        }
    }

    /// <summary>Registers a new hub with libvirt (under <see cref="Gate"/>).</summary>
    private static EventHub Open(LibvirtConnection connection, EventRegistration registration)
    {
        var hub = new EventHub(connection, registration);
        var gc = GCHandle.Alloc(hub);
        try { hub._callbackId = registration.Register(connection, GCHandle.ToIntPtr(gc)); }
        catch
        {
            gc.Free();
            throw;
        }
        return hub;
    }

    /// <summary>Removes <paramref name="sink"/> from every hub; after a hub's last one, libvirt's registration is removed.</summary>
    public static void LeaveAll(IEventSink sink)
    {
        lock (Gate)
        {
            foreach (var hub in Hubs.Values.ToList())
            {
                lock (hub._sinks)
                {
                    if (!hub._sinks.Remove(sink) || hub._sinks.Count > 0) continue;
                }
                Hubs.Remove(hub.Key);
                hub.Deregister();
            }
        }
    }

    private void Deregister()
    {
        if (_connection.IsClosed || _connection.LostReason is not null) return;
        try { _registration.Deregister(_connection, _callbackId); }
        catch (LibvirtException) { }
    }

    /// <summary>Tells the sources of <paramref name="connection"/>'s hubs, once each, that it was lost.</summary>
    public static void ConnectionLost(LibvirtConnection connection, string reason)
    {
        IEventSink[] sinks;
        lock (Gate) sinks = Hubs.Values.Where(h => h._connection == connection).SelectMany(h => h.Sinks()).Distinct().ToArray();
        // Outside the lock: the sources hand the event on to their subscribers.
        foreach (var s in sinks) Notify(s, ConnectionEventType.Lost, reason);
    }

    /// <summary>
    /// Moves every hub of <paramref name="old"/> to <paramref name="fresh"/> (a reconnect to the same URI): each is
    /// registered again on the new connection, and each source is told once whether all of its events came back.
    /// </summary>
    public static void Move(LibvirtConnection old, LibvirtConnection fresh)
    {
        var failures = new Dictionary<IEventSink, List<string>>();
        var moved = new List<IEventSink>();
        lock (Gate)
        {
            foreach (var hub in Hubs.Values.Where(h => h._connection == old).ToList())
            {
                Hubs.Remove(hub.Key);
                var sinks = hub.Sinks();
                lock (hub._sinks) hub._sinks.Clear(); // Its callback, if libvirt still calls it, finds no one.
                hub.Deregister();
                moved.AddRange(sinks);
                EventHub? again = null;
                try { again = Hubs.TryGetValue((fresh, hub._registration.Family, hub._registration.Id), out var there) ? there : Open(fresh, hub._registration); }
                catch (LibvirtException e)
                {
                    foreach (var s in sinks)
                    {
                        if (!failures.TryGetValue(s, out var list)) failures[s] = list = new List<string>();
                        list.Add($"{hub._registration.Name} ({hub._registration.Family}): {e.Message}");
                    }
                    continue;
                }
                Hubs[again.Key] = again;
                lock (again._sinks) again._sinks.AddRange(sinks);
            }
        }
        foreach (var s in moved.Distinct())
            Notify(s, failures.TryGetValue(s, out var f) ? ConnectionEventType.NotRestored : ConnectionEventType.Restored,
                f is null ? null : "libvirt refused to register these events again: " + string.Join("; ", f));
    }

    private static void Notify(IEventSink sink, ConnectionEventType type, string? reason)
    {
        try { sink.Deliver(new ConnectionEvent { EventType = type, Reason = reason, TimeReceived = DateTime.Now, Sequence = NextSequence() }); }
        catch { } // One subscriber's failure must not keep the news from the others.
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

    private IEventSink[] Sinks()
    {
        lock (_sinks) return _sinks.ToArray();
    }

    /// <summary>Hands <paramref name="e"/> to every source (on the event-loop thread).</summary>
    public void Fire(LibvirtEvent e)
    {
        foreach (var s in Sinks())
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
/// removed (Unregister-Event). Besides its own events it receives one <see cref="ConnectionEvent"/> when the
/// connection is lost and one when it is opened again.
/// <para>
/// libvirt calls back on its one event-loop thread, which also runs every connection's keepalive: a subscriber that
/// blocked it would stall every registration and could let connections time out. So the event-loop thread only puts
/// the event in this source's queue, and <see cref="Received"/> is raised from a thread-pool task, in order. The queue
/// is bounded (<see cref="QueueLength"/>): when subscribers fall that far behind, new events are dropped and counted
/// (<see cref="Dropped"/>), and one <see cref="QueueOverflowEvent"/> takes their place in the order. Connection events
/// are never dropped.
/// </para>
/// </summary>
internal abstract class LibvirtEventSource : IDisposable, IEventSink
{
    /// <summary>The default <see cref="QueueLength"/>.</summary>
    public const int DefaultQueueLength = 10_000;

    private readonly object _handlers = new();
    private readonly Hypervisor? _hypervisor;
    private readonly System.Threading.Channels.Channel<LibvirtEvent> _queue =
        System.Threading.Channels.Channel.CreateUnbounded<LibvirtEvent>(new() { SingleReader = true });
    private EventHandler<LibvirtEventArgs>? _received;
    private int _disposed;
    private long _count;
    private long _dropped;
    private long _droppedSinceMarker;
    private int _queued;
    private int _markerQueued;
    private int _queueLength = DefaultQueueLength;

    private protected LibvirtEventSource(Hypervisor? hypervisor)
    {
        _hypervisor = hypervisor;
        _ = Task.Run(PumpAsync);
    }

    /// <summary>Raised for each event, in the order libvirt delivered them (on a thread-pool thread).</summary>
    public event EventHandler<LibvirtEventArgs>? Received
    {
        add { lock (_handlers) _received += value; }
        remove
        {
            bool last;
            lock (_handlers)
            {
                _received -= value;
                last = _received is null;
            }
            if (last) Dispose();
        }
    }

    /// <summary>Events delivered to this source so far (connection events included, dropped ones too).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Events dropped so far because <see cref="QueueLength"/> events were already waiting for the subscribers.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events received and not yet handed to the subscribers.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>How many events may wait for the subscribers before new ones are dropped (and counted in <see cref="Dropped"/>).</summary>
    public int QueueLength
    {
        get => Volatile.Read(ref _queueLength);
        set => Volatile.Write(ref _queueLength, value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The queue must hold at least one event."));
    }

    /// <summary>Receives the event of <paramref name="registration"/> on <paramref name="connection"/>.</summary>
    private void Join(LibvirtConnection connection, EventRegistration registration)
    {
        if (!LibvirtRuntime.EventLoopRunning) throw new InvalidOperationException("libvirt's event loop is not running, so events cannot be delivered.");
        EventHub.Join(connection, registration, this);
    }

    /// <summary>Receives the events of every registration of <paramref name="registrations"/>; if one is refused, the source is disposed (nothing stays registered) and the refusal thrown.</summary>
    private protected void JoinAll(LibvirtConnection connection, IEnumerable<EventRegistration> registrations)
    {
        try
        {
            foreach (var r in registrations) Join(connection, r);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Whether this source wants <paramref name="e"/> (its kind and its object filter).</summary>
    private protected abstract bool Wants(LibvirtEvent e);

    void IEventSink.Deliver(LibvirtEvent e)
    {
        if (_disposed != 0 || !(e is ConnectionEvent || Wants(e))) return;
        Interlocked.Increment(ref _count);
        e = e with { Hypervisor = _hypervisor };
        // Connection events count as queued too, but are never dropped.
        if (Interlocked.Increment(ref _queued) > QueueLength && e is not ConnectionEvent)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            Interlocked.Increment(ref _droppedSinceMarker);
            // One marker holds the place of the dropped events in the order; it is past the bound by one.
            if (Interlocked.Exchange(ref _markerQueued, 1) == 0)
                _queue.Writer.TryWrite(new QueueOverflowEvent { TimeReceived = DateTime.Now, Sequence = EventHub.NextSequence(), Hypervisor = _hypervisor, QueueLength = QueueLength });
            return;
        }
        _queue.Writer.TryWrite(e);
    }

    /// <summary>Hands the queued events to the subscribers, one at a time, in order.</summary>
    private async Task PumpAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var e))
            {
                if (e is QueueOverflowEvent overflow)
                {
                    Volatile.Write(ref _markerQueued, 0);
                    e = overflow with { Dropped = Interlocked.Exchange(ref _droppedSinceMarker, 0), TotalDropped = Dropped };
                }
                else Interlocked.Decrement(ref _queued);
                if (_disposed != 0) continue;
                try { _received?.Invoke(this, new LibvirtEventArgs(e)); }
                catch { } // A subscriber's failure must not stop the others' events.
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        EventHub.LeaveAll(this);
        _queue.Writer.TryComplete();
    }
}

/// <summary>A <see cref="LibvirtEventSource"/> of one event type, with the source's own filter.</summary>
internal abstract class LibvirtEventSource<TEvent> : LibvirtEventSource where TEvent : LibvirtEvent
{
    private protected LibvirtEventSource(Hypervisor? hypervisor) : base(hypervisor) { }

    /// <summary>Whether this source wants <paramref name="e"/> (its object filter).</summary>
    private protected abstract bool Accept(TEvent e);

    private protected sealed override bool Wants(LibvirtEvent e) => e is TEvent t && Accept(t);
}

/// <summary>The event of <see cref="LibvirtEventSource{TEvent}.Received"/>: $Event.SourceEventArgs.Event in PowerShell.</summary>
internal sealed class LibvirtEventArgs : EventArgs
{
    public LibvirtEventArgs(LibvirtEvent e) => Event = e;
    /// <summary>The source's own event (a DomainEvent, ...) or a <see cref="ConnectionEvent"/>.</summary>
    public LibvirtEvent Event { get; }
}
