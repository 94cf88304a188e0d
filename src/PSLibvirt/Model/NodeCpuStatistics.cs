namespace PSLibvirt;

/// <summary>The host's CPU time counters since boot (virsh nodecpustats), in nanoseconds. Cpu is null for the whole host.</summary>
public sealed class NodeCpuStatistics
{
    public int? Cpu { get; init; }
    public long? KernelNs { get; init; }
    public long? UserNs { get; init; }
    public long? IdleNs { get; init; }
    public long? IOWaitNs { get; init; }
    /// <summary>Every counter libvirt returned, by its libvirt name.</summary>
    public IReadOnlyDictionary<string, long> Fields { get; init; } = new Dictionary<string, long>();
    public Hypervisor? Hypervisor { get; init; }
}

/// <summary>How the host's CPU time was spent over an interval, in percent (virsh nodecpustats --percent).</summary>
public sealed class NodeCpuUsage
{
    public int? Cpu { get; init; }
    public TimeSpan Interval { get; init; }
    /// <summary>Everything but idle.</summary>
    public double? Usage { get; init; }
    public double? User { get; init; }
    public double? System { get; init; }
    public double? Idle { get; init; }
    public double? IOWait { get; init; }
    public Hypervisor? Hypervisor { get; init; }
}
