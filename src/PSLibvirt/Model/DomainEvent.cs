namespace PSLibvirt;

/// <summary>Which event (virDomainEventID); a value libvirt adds later shows as its number.</summary>
public enum DomainEventType
{
    Lifecycle = 0,
    Reboot = 1,
    RtcChange = 2,
    Watchdog = 3,
    IoError = 4,
    Graphics = 5,
    IoErrorReason = 6,
    ControlError = 7,
    BlockJob = 8,
    DiskChange = 9,
    TrayChange = 10,
    PMWakeup = 11,
    PMSuspend = 12,
    BalloonChange = 13,
    PMSuspendDisk = 14,
    DeviceRemoved = 15,
    BlockJob2 = 16,
    Tunable = 17,
    AgentLifecycle = 18,
    DeviceAdded = 19,
    MigrationIteration = 20,
    JobCompleted = 21,
    DeviceRemovalFailed = 22,
    MetadataChange = 23,
    BlockThreshold = 24,
    MemoryFailure = 25,
    MemoryDeviceSizeChange = 26,
}

/// <summary>What a lifecycle event says happened (virDomainEventType); a future value shows as its number.</summary>
public enum DomainLifecycleEvent
{
    Defined = 0,
    Undefined = 1,
    Started = 2,
    Suspended = 3,
    Resumed = 4,
    Stopped = 5,
    Shutdown = 6,
    PMSuspended = 7,
    Crashed = 8,
}

/// <summary>
/// One domain event as libvirt delivered it (virsh event). The properties an event type does not carry are null:
/// Lifecycle and Detail for lifecycle events; DeviceAlias for device, disk, tray, I/O error, block-threshold and
/// memory-device events; Path for I/O errors (the source), disk changes (the new source) and block jobs and
/// thresholds (the disk); Action for watchdog, I/O error and memory-failure events; Reason for I/O errors (text),
/// disk, tray, PM and agent events (libvirt's number as text); Value for RTC changes (the offset in seconds),
/// balloon changes (KiB), migration iterations, block jobs (the status), thresholds (the excess) and memory-device
/// sizes (KiB); NamespaceUri for metadata changes; Graphics for graphics events; Parameters for tunable and
/// job-completed events.
/// </summary>
public sealed record DomainEvent : LibvirtEvent
{
    public string Domain { get; init; } = "";
    public Guid Uuid { get; init; }
    public DomainEventType EventType { get; init; }
    public DomainLifecycleEvent? Lifecycle { get; init; }
    /// <summary>libvirt's detail number (lifecycle: virDomainEvent*DetailType; block job: the job type; metadata: the type).</summary>
    public int? Detail { get; init; }
    public string? DeviceAlias { get; init; }
    public string? Path { get; init; }
    public int? Action { get; init; }
    public string? Reason { get; init; }
    public long? Value { get; init; }
    public string? NamespaceUri { get; init; }
    /// <summary>A graphics client's phase, both ends' addresses, its authentication scheme and identities.</summary>
    public DomainGraphicsEventInfo? Graphics { get; init; }
    /// <summary>
    /// libvirt's typed parameters, by name in libvirt's order, valued int, uint, long, ulong, double, bool or string:
    /// the tunables that changed (cputune.vcpupin0, cputune.cpu_shares, blkdeviotune.total_bytes_sec, ...) or the
    /// finished job's statistics (what virsh domjobinfo --completed shows: operation, time_elapsed, disk_total, success, ...).
    /// </summary>
    public IReadOnlyDictionary<string, object>? Parameters { get; init; }

    public override string ToString() => (Lifecycle?.ToString() ?? Graphics?.Phase.ToString()) is { } what ? $"{Domain} {EventType} {what}" : $"{Domain} {EventType}";
}
