namespace PSLibvirt;

/// <summary>One disk of a checkpoint: whether it is tracked (Checkpoint bitmap or no) and the name of its dirty bitmap.</summary>
public sealed class DomainCheckpointDisk
{
    /// <summary>The disk's target (vda, sdb, ...).</summary>
    public string Name { get; init; } = "";
    /// <summary>"bitmap" when the disk's changes since the checkpoint are tracked, "no" when the disk is left out.</summary>
    public string Checkpoint { get; init; } = "bitmap";
    /// <summary>The name of the disk's dirty bitmap (by default the checkpoint's name); null for a disk left out.</summary>
    public string? Bitmap { get; init; }
    /// <summary>The bytes changed since the checkpoint, when read with Get-DomainCheckpointXml -Size (null otherwise).</summary>
    public ulong? SizeBytes { get; init; }

    public override string ToString() => Bitmap is null ? $"{Name} ({Checkpoint})" : $"{Name}:{Bitmap}";
}

/// <summary>
/// A checkpoint of one domain as it was when it was read (virsh checkpoint-info): the point in time from which the
/// disks' changes are tracked, for incremental backups. Not a live handle: cmdlets look it up again by name on the
/// domain (by <see cref="DomainUuid"/>) and the <see cref="Hypervisor"/> it came from.
/// </summary>
public sealed class DomainCheckpoint
{
    public string Name { get; init; } = "";
    /// <summary>The name of the domain the checkpoint belongs to.</summary>
    public string Domain { get; init; } = "";
    public Guid DomainUuid { get; init; }
    public string? Description { get; init; }
    /// <summary>When the checkpoint was created (the XML's creationTime, seconds since the epoch), in local time.</summary>
    public DateTime CreationTime { get; init; }
    /// <summary>The name of the parent checkpoint (virsh checkpoint-parent); null for a root checkpoint.</summary>
    public string? Parent { get; init; }
    /// <summary>The number of direct children.</summary>
    public int Children { get; init; }
    /// <summary>The disks the checkpoint covers, with their bitmaps.</summary>
    public IReadOnlyList<DomainCheckpointDisk> Disks { get; init; } = Array.Empty<DomainCheckpointDisk>();
    /// <summary>The connection this checkpoint came from.</summary>
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => Name;
}
