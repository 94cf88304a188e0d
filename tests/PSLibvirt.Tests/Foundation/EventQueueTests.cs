using System.Collections.Concurrent;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

/// <summary>
/// A source's bounded queue: the event-loop thread only queues, subscribers get the events in order on another thread,
/// and when they fall QueueLength behind the new events are dropped, counted and stood in for by one QueueOverflowEvent.
/// The events are handed to the source as libvirt's hubs hand them (IEventSink.Deliver), so the order is exact.
/// </summary>
public sealed class EventQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static DomainEvent Event(int n) => new() { Domain = "d" + n, EventType = DomainEventType.Reboot, Sequence = n };

    private static LibvirtEvent Take(BlockingCollection<LibvirtEvent> seen) =>
        seen.TryTake(out var e, Patience) ? e : throw new TimeoutException("no event came");

    [Fact]
    public void A_blocked_subscriber_never_blocks_the_delivering_thread_and_a_full_queue_drops_counts_and_says_so_in_order()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var source = DomainEventSource.Create(c, null, null, Array.Empty<DomainEventType>());
        source.QueueLength = 3;
        var seen = new BlockingCollection<LibvirtEvent>();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        source.Received += (_, e) =>
        {
            seen.Add(e.Event);
            entered.Set();
            release.Wait(Patience);
        };
        IEventSink sink = source;

        sink.Deliver(Event(1));
        Assert.True(entered.Wait(Patience), "the first event was not handed on");
        // The subscriber is stuck in event 1: these return at once; 2..4 fill the queue, 5..10 are dropped.
        for (int n = 2; n <= 10; n++) sink.Deliver(Event(n));
        sink.Deliver(new ConnectionEvent { EventType = ConnectionEventType.Lost, Reason = "test" });
        Assert.Equal(6, source.Dropped);
        Assert.Equal(4, source.Queued);   // 2..4 and the connection event, which is never dropped
        Assert.Equal(11, source.Count);
        release.Set();

        Assert.Equal("d1", ((DomainEvent)Take(seen)).Domain);
        Assert.Equal(new[] { "d2", "d3", "d4" }, new[] { Take(seen), Take(seen), Take(seen) }.Cast<DomainEvent>().Select(e => e.Domain));
        var overflow = Assert.IsType<QueueOverflowEvent>(Take(seen));
        Assert.Equal(6, overflow.Dropped);
        Assert.Equal(6, overflow.TotalDropped);
        Assert.Equal(3, overflow.QueueLength);
        Assert.IsType<ConnectionEvent>(Take(seen));

        // With room again, events flow; a later overflow counts only its own.
        sink.Deliver(Event(11));
        Assert.Equal("d11", ((DomainEvent)Take(seen)).Domain);
        Assert.Equal(0, source.Queued);
    }

    [Fact]
    public void A_subscriber_that_throws_does_not_stop_the_next_events()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var source = DomainEventSource.Create(c, null, null, Array.Empty<DomainEventType>());
        var seen = new BlockingCollection<LibvirtEvent>();
        source.Received += (_, e) =>
        {
            seen.Add(e.Event);
            if (e.Event is DomainEvent { Domain: "d1" }) throw new InvalidOperationException("a subscriber's bug");
        };
        IEventSink sink = source;
        sink.Deliver(Event(1));
        sink.Deliver(Event(2));
        Assert.Equal("d1", ((DomainEvent)Take(seen)).Domain);
        Assert.Equal("d2", ((DomainEvent)Take(seen)).Domain);
    }

    [Fact]
    public void A_queue_of_less_than_one_event_is_refused()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var source = DomainEventSource.Create(c, null, null, Array.Empty<DomainEventType>());
        Assert.Throws<ArgumentOutOfRangeException>(() => source.QueueLength = 0);
        Assert.Equal(LibvirtEventSource.DefaultQueueLength, source.QueueLength);
    }

    [Fact]
    public void A_disposed_source_hands_on_nothing_more()
    {
        using var c = LibvirtConnection.Open("test:///default");
        var source = DomainEventSource.Create(c, null, null, Array.Empty<DomainEventType>());
        var seen = new BlockingCollection<LibvirtEvent>();
        source.Received += (_, e) => seen.Add(e.Event);
        source.Dispose();
        ((IEventSink)source).Deliver(Event(1));
        Assert.Equal(0, source.Count);
        Assert.False(seen.TryTake(out _, TimeSpan.FromMilliseconds(200)));
    }
}
