namespace PSLibvirt;

/// <summary>
/// The state a snapshot saved (the snapshot XML's &lt;state&gt;): the domain's states, with the same names as
/// <see cref="DomainState"/>, plus DiskSnapshot for a snapshot of disks only.
/// </summary>
public enum DomainSnapshotState
{
    NoState = 0,
    Running = 1,
    Blocked = 2,
    Paused = 3,
    Shutdown = 4,
    ShutOff = 5,
    Crashed = 6,
    PMSuspended = 7,
    DiskSnapshot = 8,
}

/// <summary>
/// A snapshot (checkpoint) of one domain as it was when it was read: parsed from the snapshot's XML description plus
/// libvirt's current/metadata/children answers. Not a live handle: cmdlets look the snapshot up again by name on the
/// domain (by <see cref="DomainUuid"/>) and the <see cref="Hypervisor"/> it came from.
/// </summary>
public sealed class DomainSnapshot
{
    public string Name { get; init; } = "";
    /// <summary>The name of the domain the snapshot belongs to.</summary>
    public string Domain { get; init; } = "";
    public Guid DomainUuid { get; init; }
    public string? Description { get; init; }
    /// <summary>When the snapshot was taken (the XML's creationTime, seconds since the epoch), in local time.</summary>
    public DateTime CreationTime { get; init; }
    /// <summary>The state of the domain that the snapshot saved (Running, Paused, ShutOff, DiskSnapshot, ...).</summary>
    public DomainSnapshotState State { get; init; }
    /// <summary>The name of the parent snapshot; null for a root snapshot.</summary>
    public string? Parent { get; init; }
    /// <summary>True when this is the domain's current snapshot (the one the domain last took or reverted to).</summary>
    public bool IsCurrent { get; init; }
    /// <summary>True when libvirt keeps metadata for the snapshot (which prevents undefining the domain).</summary>
    public bool HasMetadata { get; init; }
    /// <summary>The number of direct children.</summary>
    public int Children { get; init; }
    /// <summary>How memory was saved: internal, external or no (null when the XML does not say).</summary>
    public string? Memory { get; init; }
    /// <summary>The connection this snapshot came from.</summary>
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => Name;
}
