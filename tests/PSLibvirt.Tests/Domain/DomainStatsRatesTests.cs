using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Domain;

/// <summary>Rates between two samples of cumulative counters (Get-DomainStatistics -Interval).</summary>
public sealed class DomainStatsRatesTests
{
    private static readonly DateTime T0 = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

    private static DomainStatistics Sample(double atSeconds, double cpuSeconds, long readBytes, long reads, long rxBytes, int vcpus = 2) => new()
    {
        Timestamp = T0.AddSeconds(atSeconds),
        CpuTime = TimeSpan.FromSeconds(cpuSeconds),
        VCpuCount = vcpus,
        Block = new[] { new DomainBlockStatistics { ReadBytes = readBytes, ReadRequests = reads, WriteBytes = 0, WriteRequests = 0 } },
        Network = new[] { new DomainInterfaceStatistics { RxBytes = rxBytes, RxPackets = rxBytes / 1000, TxBytes = 0, TxPackets = 0 } },
        MemoryCurrentBytes = 1 << 30, MemoryAvailableBytes = 1000_000_000, MemoryUnusedBytes = 400_000_000,
    };

    [Fact]
    public void Rates_are_the_counters_difference_per_second()
    {
        var r = DomainStatsRates.Between(Sample(0, 10, 1000, 10, 5000), Sample(2, 11, 5000, 30, 9000), hostCpus: 8)!;
        Assert.Equal(2, r.IntervalSeconds);
        Assert.Equal(25, r.CpuPercent!.Value, 6);      // 1 s of CPU in 2 s on 2 vCPUs
        Assert.Equal(6.25, r.HostCpuPercent!.Value, 6); // ... on 8 host CPUs
        Assert.Equal(2000, r.BlockReadBytesPerSecond);
        Assert.Equal(10, r.BlockReadIops);
        Assert.Equal(0, r.BlockWriteIops);
        Assert.Equal(2000, r.NetworkRxBytesPerSecond);
        Assert.Equal(2, r.NetworkRxPacketsPerSecond);
        Assert.Equal(600_000_000, r.MemoryUsedBytes);   // available - unused
    }

    [Fact]
    public void A_counter_that_went_down_or_is_missing_gives_no_rate_and_no_time_gives_no_rates()
    {
        var restarted = DomainStatsRates.Between(Sample(0, 10, 5000, 30, 9000), Sample(1, 0.5, 100, 1, 10), 4)!;
        Assert.Null(restarted.CpuPercent);
        Assert.Null(restarted.BlockReadBytesPerSecond);
        Assert.Null(restarted.NetworkRxBytesPerSecond);
        var noDisks = DomainStatsRates.Between(new DomainStatistics { Timestamp = T0 }, new DomainStatistics { Timestamp = T0.AddSeconds(1) }, 4)!;
        Assert.Null(noDisks.BlockReadBytesPerSecond);
        Assert.Null(noDisks.CpuPercent);
        Assert.Null(noDisks.MemoryUsedBytes);
        Assert.Null(DomainStatsRates.Between(Sample(1, 0, 0, 0, 0), Sample(1, 1, 0, 0, 0), 4));
    }
}
