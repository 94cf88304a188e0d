namespace PSLibvirt;

/// <summary>
/// What every tuning snapshot has: the domain, whether it was read from the persistent configuration, and every
/// parameter libvirt reported under its own name (<see cref="Values"/>: hard_limit, cpu_shares, ...), of libvirt's
/// type (int, uint, long, ulong, double, bool or string).
/// </summary>
public abstract class DomainTuningParameters
{
    /// <summary>The domain's name.</summary>
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    /// <summary>True when read from the persistent configuration (-Config, or a domain that is not running).</summary>
    public bool Config { get; init; }
    /// <summary>Every parameter under libvirt's name, as the Set- cmdlet's -Parameter takes them.</summary>
    public IReadOnlyDictionary<string, object> Values { get; init; } = new Dictionary<string, object>();
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => Name;
}

/// <summary>A domain's memory limits (virsh memtune), in bytes; null is unlimited (or not reported).</summary>
public sealed class DomainMemoryTuning : DomainTuningParameters
{
    /// <summary>hard_limit: the most memory the domain may use.</summary>
    public long? HardLimitBytes { get; init; }
    /// <summary>soft_limit: what it is held to when the host is short of memory.</summary>
    public long? SoftLimitBytes { get; init; }
    /// <summary>swap_hard_limit: memory plus swap it may use.</summary>
    public long? SwapHardLimitBytes { get; init; }
    /// <summary>min_guarantee: memory it is guaranteed (not every driver).</summary>
    public long? MinGuaranteeBytes { get; init; }
}

/// <summary>A domain's CPU scheduler parameters (virsh schedinfo); which there are depends on the driver.</summary>
public sealed class DomainSchedulerParameters : DomainTuningParameters
{
    /// <summary>The scheduler's name (posix for QEMU, fair for the test driver).</summary>
    public string SchedulerType { get; init; } = "";
}

/// <summary>A domain's block I/O weights and limits per host device (virsh blkiotune).</summary>
public sealed class DomainBlockIOTuning : DomainTuningParameters
{
    /// <summary>weight: the domain's share of block I/O (100-1000; 0: not set).</summary>
    public uint? Weight { get; init; }
    /// <summary>device_weight: per-device weights, "/dev/sda,500,..." (empty: none).</summary>
    public string? DeviceWeight { get; init; }
}

/// <summary>One disk's I/O throttling (virsh blkdeviotune); 0 is no limit.</summary>
public sealed class DomainDiskIOTuning : DomainTuningParameters
{
    /// <summary>The disk's target name (vda, sdb, ...).</summary>
    public string Disk { get; init; } = "";
    public ulong? TotalBytesPerSecond { get; init; }
    public ulong? ReadBytesPerSecond { get; init; }
    public ulong? WriteBytesPerSecond { get; init; }
    public ulong? TotalIopsPerSecond { get; init; }
    public ulong? ReadIopsPerSecond { get; init; }
    public ulong? WriteIopsPerSecond { get; init; }
    /// <summary>group_name: the throttle group the disk shares its limits with (empty: none).</summary>
    public string? GroupName { get; init; }
}

/// <summary>How a domain's memory is placed on the host's NUMA nodes (virsh numatune).</summary>
public enum DomainNumaMode
{
    Strict = 0,
    Preferred = 1,
    Interleave = 2,
    Restrictive = 3,
}

/// <summary>A domain's NUMA memory placement (virsh numatune).</summary>
public sealed class DomainNumaTuning : DomainTuningParameters
{
    /// <summary>numa_mode: how strictly memory stays on the nodes.</summary>
    public DomainNumaMode? Mode { get; init; }
    /// <summary>numa_nodeset: the host NUMA nodes ("0-1"; empty: any).</summary>
    public string? NodeSet { get; init; }
}

/// <summary>Which perf events a domain's statistics count (virsh perf).</summary>
public sealed class DomainPerfEvents : DomainTuningParameters
{
    /// <summary>The names of the events counted now (cmt, cpu_cycles, ...).</summary>
    public string[] Enabled { get; init; } = Array.Empty<string>();
}
