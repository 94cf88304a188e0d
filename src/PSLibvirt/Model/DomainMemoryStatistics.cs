namespace PSLibvirt;

/// <summary>
/// A domain's memory statistics as the guest's balloon driver and the hypervisor report them (virDomainMemoryStats,
/// virsh dommemstat). Sizes are bytes (libvirt reports KiB); a value the driver does not report is null. Values holds
/// every statistic under libvirt's own name (actual, swap_in, rss, ...), as virsh and libvirt-python show them.
/// </summary>
public sealed class DomainMemoryStatistics
{
    public string Domain { get; init; } = "";
    public Guid Uuid { get; init; }
    /// <summary>actual: the current balloon size.</summary>
    public long? ActualBalloonBytes { get; init; }
    /// <summary>swap_in: data read from swap space since boot.</summary>
    public long? SwapInBytes { get; init; }
    /// <summary>swap_out: data written to swap space since boot.</summary>
    public long? SwapOutBytes { get; init; }
    /// <summary>major_fault: page faults that needed disk I/O.</summary>
    public long? MajorFaults { get; init; }
    /// <summary>minor_fault: page faults served without disk I/O.</summary>
    public long? MinorFaults { get; init; }
    /// <summary>unused: memory the guest leaves completely unused.</summary>
    public long? UnusedBytes { get; init; }
    /// <summary>available: the memory the guest sees.</summary>
    public long? AvailableBytes { get; init; }
    /// <summary>usable: how far the balloon can inflate before the guest swaps (MemAvailable).</summary>
    public long? UsableBytes { get; init; }
    /// <summary>rss: the resident set of the process running the domain, on the host.</summary>
    public long? RssBytes { get; init; }
    /// <summary>disk_caches: memory the guest can reclaim from its caches.</summary>
    public long? DiskCachesBytes { get; init; }
    /// <summary>hugetlb_pgalloc: huge page allocations in the guest.</summary>
    public long? HugePagesAllocated { get; init; }
    /// <summary>hugetlb_pgfail: failed huge page allocations in the guest.</summary>
    public long? HugePagesFailed { get; init; }
    /// <summary>last_update: when the guest last updated its statistics (local time).</summary>
    public DateTime? LastUpdate { get; init; }
    /// <summary>Every statistic under libvirt's name, unconverted (KiB, counts, seconds).</summary>
    public IReadOnlyDictionary<string, ulong> Values { get; init; } = new Dictionary<string, ulong>();
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => Domain;
}
