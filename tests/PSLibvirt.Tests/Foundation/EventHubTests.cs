using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

/// <summary>
/// A registration follows its connection: told once when it is lost, moved to the new connection of a reconnect
/// (Hypervisor.Reattach) and told whether every event came back. On test:///default, whose state every open shares:
/// it defines a domain there for a moment, so it runs alone (other classes list that state).
/// </summary>
[Collection(SessionCollection.Name)]
public sealed class EventHubTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static string DomainXml(string name) =>
        $"<domain type='test'><name>{name}</name><memory>65536</memory><os><type>hvm</type></os></domain>";

    private static BlockingCollection<LibvirtEvent> Collect(DomainEventSource source)
    {
        var seen = new BlockingCollection<LibvirtEvent>();
        source.Received += (_, e) => seen.Add(e.Event);
        return seen;
    }

    private static LibvirtEvent Next(BlockingCollection<LibvirtEvent> seen, Func<LibvirtEvent, bool> match)
    {
        var until = DateTime.UtcNow + Patience;
        while (seen.TryTake(out var e, until - DateTime.UtcNow > TimeSpan.Zero ? until - DateTime.UtcNow : TimeSpan.Zero))
            if (match(e)) return e;
        throw new TimeoutException("the event did not arrive");
    }

    [Fact]
    public void A_moved_registration_says_Restored_once_and_delivers_from_the_new_connection_only()
    {
        using var first = LibvirtConnection.Open("test:///default");
        using var second = LibvirtConnection.Open("test:///default");
        using var source = DomainEventSource.Create(first, null, null, new[] { DomainEventType.Lifecycle });
        var seen = Collect(source);

        EventHub.Move(first, second);
        var restored = Assert.IsType<ConnectionEvent>(Next(seen, e => e is ConnectionEvent));
        Assert.Equal(ConnectionEventType.Restored, restored.EventType);
        Assert.Null(restored.Reason);

        string name = "xunit-hub-" + Guid.NewGuid().ToString("N")[..8];
        using (var d = DomainDefinitionApi.Define(second, DomainXml(name))) DomainDefinitionApi.UndefineQuietly(d);
        var defined = (DomainEvent)Next(seen, e => e is DomainEvent de && de.Domain == name);
        Assert.Equal(DomainLifecycleEvent.Defined, defined.Lifecycle);
        var undefined = (DomainEvent)Next(seen, e => e is DomainEvent de && de.Domain == name);
        Assert.Equal(DomainLifecycleEvent.Undefined, undefined.Lifecycle);
        // The old connection's registration is gone: no second copy of either event.
        Assert.False(seen.TryTake(out var extra, TimeSpan.FromMilliseconds(300)) && extra is DomainEvent { Domain: var n } && n == name);
    }

    [Fact]
    public void A_loss_is_told_once_to_each_source_of_the_connection()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var a = DomainEventSource.Create(c, null, null, new[] { DomainEventType.Lifecycle, DomainEventType.Reboot });
        using var b = DomainEventSource.Create(c, null, null, new[] { DomainEventType.Lifecycle });
        var seenA = Collect(a);
        var seenB = Collect(b);
        c.MarkLost("the test says so");
        c.MarkLost("a second time is not news");
        foreach (var seen in new[] { seenA, seenB })
        {
            var lost = Assert.IsType<ConnectionEvent>(Next(seen, _ => true));
            Assert.Equal(ConnectionEventType.Lost, lost.EventType);
            Assert.Equal("the test says so", lost.Reason);
            Assert.Empty(seen);
        }
    }

    private sealed class Sink : IEventSink
    {
        public readonly BlockingCollection<LibvirtEvent> Seen = new();
        public void Deliver(LibvirtEvent e) => Seen.Add(e);
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void Ignore(nint conn, nint dom, int evt, int detail, nint opaque) { }

    [Fact]
    public unsafe void A_registration_libvirt_refuses_on_the_new_connection_says_NotRestored_and_why()
    {
        using var first = LibvirtConnection.Open("test:///default");
        using var second = LibvirtConnection.Open("test:///default");
        nint callback = (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void>)&Ignore;
        // The same registration, except that on the second connection it asks for an event id libvirt does not know.
        var registration = new EventRegistration("xunit", 0, "Refused", (c, opaque) =>
        {
            using var all = new DomainHandle();
            return Vir.ConnectDomainEventRegisterAny(c.Handle, all, c == first ? 0 : 9999, callback, opaque, EventHub.FreeCallback);
        }, (c, id) => Vir.ConnectDomainEventDeregisterAny(c.Handle, id));
        var sink = new Sink();
        EventHub.Join(first, registration, sink);
        try
        {
            EventHub.Move(first, second);
            var e = Assert.IsType<ConnectionEvent>(Next(sink.Seen, _ => true));
            Assert.Equal(ConnectionEventType.NotRestored, e.EventType);
            // Which registration, and libvirt's own reason.
            const string Which = "libvirt refused to register these events again: Refused (xunit): ";
            Assert.StartsWith(Which, e.Reason);
            Assert.Contains("eventID", e.Reason![Which.Length..]); // libvirt 9: "eventID must be less than 27"
        }
        finally
        {
            EventHub.LeaveAll(sink);
        }
    }
}
