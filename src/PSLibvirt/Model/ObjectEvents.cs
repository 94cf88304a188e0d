namespace PSLibvirt;

/// <summary>What happened to a network (virNetworkEventLifecycleType); a future value shows as its number.</summary>
public enum NetworkEventType
{
    Defined = 0,
    Undefined = 1,
    Started = 2,
    Stopped = 3,
}

/// <summary>One network event as libvirt delivered it (virsh net-event).</summary>
public sealed record NetworkEvent : LibvirtEvent
{
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    public NetworkEventType EventType { get; init; }
    /// <summary>libvirt's detail number (0 for every network event of libvirt 9.0).</summary>
    public int Detail { get; init; }

    public override string ToString() => $"{Name} {EventType}";
}

/// <summary>What happened to a storage pool (virStoragePoolEventLifecycleType, plus Refreshed); a future value shows as its number.</summary>
public enum StoragePoolEventType
{
    Defined = 0,
    Undefined = 1,
    Started = 2,
    Stopped = 3,
    /// <summary>The pool's storage was built (virsh pool-build).</summary>
    Created = 4,
    /// <summary>The pool's storage was deleted (virsh pool-delete).</summary>
    Deleted = 5,
    /// <summary>The pool was refreshed (VIR_STORAGE_POOL_EVENT_ID_REFRESH).</summary>
    Refreshed = 100,
}

/// <summary>One storage-pool event as libvirt delivered it (virsh pool-event).</summary>
public sealed record StoragePoolEvent : LibvirtEvent
{
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    public StoragePoolEventType EventType { get; init; }
    /// <summary>libvirt's detail number (0 for every storage-pool event of libvirt 9.0).</summary>
    public int Detail { get; init; }

    public override string ToString() => $"{Name} {EventType}";
}

/// <summary>What happened to a secret (virSecretEventLifecycleType, plus ValueChanged); a future value shows as its number.</summary>
public enum SecretEventType
{
    Defined = 0,
    Undefined = 1,
    /// <summary>The secret's value was set (VIR_SECRET_EVENT_ID_VALUE_CHANGED): the event never carries the value.</summary>
    ValueChanged = 100,
}

/// <summary>One secret event as libvirt delivered it (virsh secret-event): which secret, never its value.</summary>
public sealed record SecretEvent : LibvirtEvent
{
    public Guid Uuid { get; init; }
    public SecretUsageType UsageType { get; init; }
    /// <summary>What the secret is for (a volume path, a Ceph or iSCSI name, ...), or null.</summary>
    public string? UsageId { get; init; }
    public SecretEventType EventType { get; init; }
    /// <summary>libvirt's detail number (0 for every secret event of libvirt 9.0).</summary>
    public int Detail { get; init; }

    public override string ToString() => $"{Uuid} {EventType}";
}
