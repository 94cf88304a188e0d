namespace PSLibvirt.Core;

/// <summary>Rates from two samples of one domain's cumulative counters (Get-DomainStatistics -Interval).</summary>
internal static class DomainStatsRates
{
    /// <summary>
    /// The rates from <paramref name="before"/> to <paramref name="after"/> (the same domain, later); null when no time
    /// passed between them. <paramref name="hostCpus"/> is the host's CPU count, for the host share.
    /// </summary>
    public static DomainStatisticsRates? Between(DomainStatistics before, DomainStatistics after, int hostCpus)
    {
        double seconds = (after.Timestamp - before.Timestamp).TotalSeconds;
        if (seconds <= 0) return null;
        double? Rate(long? a, long? b) => a is long x && b is long y && y >= x ? (y - x) / seconds : null;
        double? cpuSeconds = before.CpuTime is TimeSpan c0 && after.CpuTime is TimeSpan c1 && c1 >= c0 ? (c1 - c0).TotalSeconds : null;
        int vcpus = after.VCpuCount ?? after.VCpus.Length;
        return new DomainStatisticsRates
        {
            IntervalSeconds = seconds,
            CpuPercent = cpuSeconds is double cs && vcpus > 0 ? cs / seconds / vcpus * 100 : null,
            HostCpuPercent = cpuSeconds is double hs && hostCpus > 0 ? hs / seconds / hostCpus * 100 : null,
            BlockReadBytesPerSecond = Rate(before.BlockReadBytes, after.BlockReadBytes),
            BlockWriteBytesPerSecond = Rate(before.BlockWriteBytes, after.BlockWriteBytes),
            BlockReadIops = Rate(before.BlockReadRequests, after.BlockReadRequests),
            BlockWriteIops = Rate(before.BlockWriteRequests, after.BlockWriteRequests),
            NetworkRxBytesPerSecond = Rate(before.NetworkRxBytes, after.NetworkRxBytes),
            NetworkTxBytesPerSecond = Rate(before.NetworkTxBytes, after.NetworkTxBytes),
            NetworkRxPacketsPerSecond = Rate(before.NetworkRxPackets, after.NetworkRxPackets),
            NetworkTxPacketsPerSecond = Rate(before.NetworkTxPackets, after.NetworkTxPackets),
            MemoryUsedBytes = (after.MemoryAvailableBytes ?? after.MemoryCurrentBytes) is long seen && after.MemoryUnusedBytes is long unused ? seen - unused : null,
        };
    }
}
