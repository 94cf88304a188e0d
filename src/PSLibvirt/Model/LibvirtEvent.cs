namespace PSLibvirt;

/// <summary>What every event of the Register-*Event cmdlets carries ($Event.SourceEventArgs.Event).</summary>
public abstract record LibvirtEvent
{
    /// <summary>When the module received it (local time).</summary>
    public DateTime TimeReceived { get; init; }
    /// <summary>
    /// The order in which libvirt delivered it, across all events of the process: PowerShell's event queue may swap
    /// events that arrive close together, so sort by this (Get-Event | Sort-Object { $_.SourceEventArgs.Event.Sequence }).
    /// </summary>
    public long Sequence { get; init; }
    /// <summary>The connection it came from.</summary>
    public Hypervisor? Hypervisor { get; init; }
}

/// <summary>What happened to the connection under a registration.</summary>
public enum ConnectionEventType
{
    /// <summary>The connection was lost: no events arrive until it is open again (Connect-Hypervisor -Reconnect).</summary>
    Lost,
    /// <summary>The connection is open again and every event of the registration is registered on it again.</summary>
    Restored,
    /// <summary>The connection is open again, but libvirt refused to register some of the events again (Reason says which and why).</summary>
    NotRestored,
}

/// <summary>
/// The one event a registration receives when its connection is lost, and the one when it is opened again: the
/// events of a registration come back by themselves after Connect-Hypervisor -Reconnect (or -AutoReconnect). Events
/// that happened while the connection was down are not delivered (libvirt does not keep them).
/// </summary>
public sealed record ConnectionEvent : LibvirtEvent
{
    public ConnectionEventType EventType { get; init; }
    /// <summary>Why the connection was lost, or which events could not be registered again and why.</summary>
    public string? Reason { get; init; }

    public override string ToString() => Reason is null ? $"{Hypervisor} {EventType}" : $"{Hypervisor} {EventType}: {Reason}";
}

/// <summary>
/// Stands in the order of a registration's events for the events that were dropped there: PowerShell (or another
/// subscriber) fell so far behind that <see cref="QueueLength"/> events were already waiting. Raise the queue length
/// (Register-*Event -QueueLength) or handle events faster. Dropped events are not delivered later.
/// </summary>
public sealed record QueueOverflowEvent : LibvirtEvent
{
    /// <summary>How many events were dropped here.</summary>
    public long Dropped { get; init; }
    /// <summary>How many events this registration has dropped in all.</summary>
    public long TotalDropped { get; init; }
    /// <summary>The registration's queue length when the first of them was dropped.</summary>
    public int QueueLength { get; init; }

    public override string ToString() => $"{Hypervisor} {Dropped} events dropped (queue of {QueueLength} full)";
}

/// <summary>
/// One event of a domain's QEMU monitor (virsh qemu-monitor-event): QEMU's own event name (STOP, RESUME, SHUTDOWN,
/// DEVICE_DELETED, ...), when QEMU raised it and its data as QEMU's JSON. For diagnosis: libvirt does not support
/// acting on them, and their meaning is QEMU's.
/// </summary>
public sealed record QemuMonitorEvent : LibvirtEvent
{
    public string Domain { get; init; } = "";
    public Guid Uuid { get; init; }
    /// <summary>QEMU's event name.</summary>
    public string EventName { get; init; } = "";
    /// <summary>When QEMU raised it (its own clock, local time).</summary>
    public DateTime Timestamp { get; init; }
    /// <summary>The event's data, as QEMU's JSON (null when it has none).</summary>
    public string? Details { get; init; }

    public override string ToString() => $"{Domain} {EventName}";
}
