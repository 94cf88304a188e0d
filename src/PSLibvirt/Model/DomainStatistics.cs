using System.Collections.Specialized;

namespace PSLibvirt;

/// <summary>
/// The statistics groups of libvirt's bulk call (VIR_DOMAIN_STATS_*; the values are libvirt's bits). A driver
/// reports the groups it supports; the test driver reports State only.
/// </summary>
[Flags]
public enum DomainStatisticsGroup
{
    State = 1,
    Cpu = 2,
    Balloon = 4,
    VCpu = 8,
    Interface = 16,
    Block = 32,
    Perf = 64,
    IOThread = 128,
    Memory = 256,
    DirtyRate = 512,
    Vm = 1024,
}

/// <summary>
/// One read of a domain's statistics (virsh domstats), as libvirt's bulk call returned them at <see cref="Timestamp"/>.
/// Every property a driver did not report is null (or an empty array); <see cref="Raw"/> holds every field libvirt
/// returned, under libvirt's names, in its order.
/// </summary>
public sealed class DomainStatistics
{
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    /// <summary>The connection the statistics were read from.</summary>
    public Hypervisor? Hypervisor { get; init; }
    /// <summary>When the statistics were read (UTC).</summary>
    public DateTime Timestamp { get; init; }

    /// <summary>state.state; null when the State group was not asked for or not reported.</summary>
    public DomainState? State { get; init; }
    /// <summary>state.reason, as a name (Booted, User, ...).</summary>
    public string? StateReason { get; init; }

    /// <summary>cpu.time: total CPU time used.</summary>
    public TimeSpan? CpuTime { get; init; }
    /// <summary>cpu.user: user-mode CPU time.</summary>
    public TimeSpan? CpuUser { get; init; }
    /// <summary>cpu.system: kernel-mode CPU time.</summary>
    public TimeSpan? CpuSystem { get; init; }

    /// <summary>vcpu.current: the number of online virtual CPUs.</summary>
    public int? VCpuCount { get; init; }
    /// <summary>vcpu.maximum.</summary>
    public int? VCpuMaximum { get; init; }
    /// <summary>vcpu.&lt;n&gt;.*: one entry per virtual CPU reported.</summary>
    public DomainVCpuStatistics[] VCpus { get; init; } = Array.Empty<DomainVCpuStatistics>();

    /// <summary>balloon.current, in bytes.</summary>
    public long? MemoryCurrentBytes { get; init; }
    /// <summary>balloon.maximum, in bytes.</summary>
    public long? MemoryMaximumBytes { get; init; }
    /// <summary>balloon.rss: resident set size of the hypervisor process, in bytes.</summary>
    public long? MemoryRssBytes { get; init; }
    /// <summary>balloon.usable: memory the guest can use without swapping, in bytes (needs the guest's balloon driver).</summary>
    public long? MemoryUsableBytes { get; init; }
    /// <summary>balloon.available: memory the guest sees, in bytes (needs the guest's balloon driver).</summary>
    public long? MemoryAvailableBytes { get; init; }
    /// <summary>balloon.unused: memory left unused by the guest, in bytes (needs the guest's balloon driver).</summary>
    public long? MemoryUnusedBytes { get; init; }

    /// <summary>block.&lt;n&gt;.*: one entry per disk.</summary>
    public DomainBlockStatistics[] Block { get; init; } = Array.Empty<DomainBlockStatistics>();
    /// <summary>net.&lt;n&gt;.*: one entry per network interface.</summary>
    public DomainInterfaceStatistics[] Network { get; init; } = Array.Empty<DomainInterfaceStatistics>();

    /// <summary>Every field as libvirt returned it (name to value), in libvirt's order.</summary>
    /// <remarks>
    /// Built on first use from <see cref="RawFields"/>: most reads (a listing of thousands of domains) never look at
    /// it, and an OrderedDictionary per record (its hashtable, list and a boxed entry per field) kept for every
    /// domain cost more than the rest of the record together, mostly in garbage collections of the retained objects.
    /// </remarks>
    public OrderedDictionary Raw
    {
        get => _raw ?? LazyInitializer.EnsureInitialized(ref _raw, BuildRaw);
        init => _raw = value;
    }

    private OrderedDictionary? _raw;

    /// <summary>Every field as read (libvirt's names and values, in its order, duplicates included); <see cref="Raw"/> is made from it.</summary>
    internal KeyValuePair<string, object?>[] RawFields { get; init; } = Array.Empty<KeyValuePair<string, object?>>();

    private OrderedDictionary BuildRaw()
    {
        var raw = new OrderedDictionary(RawFields.Length, StringComparer.Ordinal);
        // A name libvirt repeats keeps its first position and its last value, as an indexer assignment does.
        foreach (var (field, value) in RawFields) raw[field] = value;
        return raw;
    }

    /// <summary>Bytes read from all disks; null when no disk was reported.</summary>
    public long? BlockReadBytes => Sum(Block, b => b.ReadBytes);
    /// <summary>Bytes written to all disks; null when no disk was reported.</summary>
    public long? BlockWriteBytes => Sum(Block, b => b.WriteBytes);
    /// <summary>Bytes received on all interfaces; null when no interface was reported.</summary>
    public long? NetworkRxBytes => Sum(Network, n => n.RxBytes);
    /// <summary>Bytes sent on all interfaces; null when no interface was reported.</summary>
    public long? NetworkTxBytes => Sum(Network, n => n.TxBytes);

    /// <summary>The host name of the connection.</summary>
    public string? Hostname => Hypervisor?.Hostname;

    /// <summary>
    /// With Get-DomainStatistics -Interval: the rates since the previous sample of the same domain (null on the first
    /// sample, and for a domain that was not in the previous one).
    /// </summary>
    public DomainStatisticsRates? Rates { get; internal set; }

    /// <summary>Reads of all disks (requests); null when no disk was reported.</summary>
    public long? BlockReadRequests => Sum(Block, b => b.ReadRequests);
    /// <summary>Writes to all disks (requests); null when no disk was reported.</summary>
    public long? BlockWriteRequests => Sum(Block, b => b.WriteRequests);
    /// <summary>Packets received on all interfaces.</summary>
    public long? NetworkRxPackets => Sum(Network, n => n.RxPackets);
    /// <summary>Packets sent on all interfaces.</summary>
    public long? NetworkTxPackets => Sum(Network, n => n.TxPackets);

    private static long? Sum<T>(T[] items, Func<T, long?> value)
    {
        long? total = null;
        foreach (var item in items)
            if (value(item) is long v) total = (total ?? 0) + v;
        return total;
    }
}

/// <summary>A virtual CPU's state (virVcpuState); an unknown future value shows as its number.</summary>
public enum VCpuState
{
    Offline = 0,
    Running = 1,
    Blocked = 2,
}

/// <summary>One virtual CPU's statistics (vcpu.&lt;n&gt;.*).</summary>
public sealed class DomainVCpuStatistics
{
    /// <summary>The vCPU number (the n of vcpu.&lt;n&gt;).</summary>
    public int Index { get; init; }
    /// <summary>vcpu.&lt;n&gt;.state: Offline, Running or Blocked (the number when unknown).</summary>
    public VCpuState? State { get; init; }
    /// <summary>vcpu.&lt;n&gt;.time: CPU time used by this vCPU.</summary>
    public TimeSpan? Time { get; init; }
    /// <summary>vcpu.&lt;n&gt;.wait: time spent waiting for a host CPU.</summary>
    public TimeSpan? Wait { get; init; }
    /// <summary>vcpu.&lt;n&gt;.halted: whether the vCPU is halted (where reported).</summary>
    public bool? Halted { get; init; }
    /// <summary>vcpu.&lt;n&gt;.delay: time spent runnable but waiting (where reported).</summary>
    public TimeSpan? Delay { get; init; }
}

/// <summary>One disk's statistics (block.&lt;n&gt;.*), as virsh domblkstat and domblkinfo show them.</summary>
public sealed class DomainBlockStatistics
{
    /// <summary>The n of block.&lt;n&gt;.</summary>
    public int Index { get; init; }
    /// <summary>The target device name (vda, hda, ...).</summary>
    public string? Name { get; init; }
    /// <summary>The source file or device, where it has one.</summary>
    public string? Path { get; init; }
    /// <summary>The backing chain index (with backing chains only).</summary>
    public int? BackingIndex { get; init; }
    public long? ReadRequests { get; init; }
    public long? ReadBytes { get; init; }
    public TimeSpan? ReadTime { get; init; }
    public long? WriteRequests { get; init; }
    public long? WriteBytes { get; init; }
    public TimeSpan? WriteTime { get; init; }
    public long? FlushRequests { get; init; }
    public TimeSpan? FlushTime { get; init; }
    /// <summary>block.&lt;n&gt;.errors (Xen only).</summary>
    public long? Errors { get; init; }
    /// <summary>Bytes allocated on the host.</summary>
    public long? AllocationBytes { get; init; }
    /// <summary>The size the guest sees.</summary>
    public long? CapacityBytes { get; init; }
    /// <summary>The size of the host file or device.</summary>
    public long? PhysicalBytes { get; init; }
    /// <summary>The write threshold, when one is set.</summary>
    public long? ThresholdBytes { get; init; }
}

/// <summary>One network interface's statistics (net.&lt;n&gt;.*), as virsh domifstat shows them.</summary>
public sealed class DomainInterfaceStatistics
{
    /// <summary>The n of net.&lt;n&gt;.</summary>
    public int Index { get; init; }
    /// <summary>The host-side interface name (vnet0, ...).</summary>
    public string? Name { get; init; }
    public long? RxBytes { get; init; }
    public long? RxPackets { get; init; }
    public long? RxErrors { get; init; }
    public long? RxDrops { get; init; }
    public long? TxBytes { get; init; }
    public long? TxPackets { get; init; }
    public long? TxErrors { get; init; }
    public long? TxDrops { get; init; }
}

/// <summary>
/// What changed between two samples of one domain's statistics, per second (Get-DomainStatistics -Interval). A rate
/// whose counter one of the samples lacks is null; a counter that went down (the domain restarted) gives null too.
/// </summary>
public sealed class DomainStatisticsRates
{
    /// <summary>The time between the two samples, in seconds.</summary>
    public double IntervalSeconds { get; init; }
    /// <summary>CPU used, in percent of the guest's online vCPUs (100: every vCPU busy all the time).</summary>
    public double? CpuPercent { get; init; }
    /// <summary>CPU used, in percent of the host's CPUs.</summary>
    public double? HostCpuPercent { get; init; }
    public double? BlockReadBytesPerSecond { get; init; }
    public double? BlockWriteBytesPerSecond { get; init; }
    /// <summary>Read requests per second of all disks (IOPS).</summary>
    public double? BlockReadIops { get; init; }
    /// <summary>Write requests per second of all disks (IOPS).</summary>
    public double? BlockWriteIops { get; init; }
    public double? NetworkRxBytesPerSecond { get; init; }
    public double? NetworkTxBytesPerSecond { get; init; }
    public double? NetworkRxPacketsPerSecond { get; init; }
    public double? NetworkTxPacketsPerSecond { get; init; }
    /// <summary>Memory the guest uses (balloon.available, else balloon.current, minus balloon.unused), in bytes; null without the guest's balloon driver.</summary>
    public long? MemoryUsedBytes { get; init; }
}
